'use strict';
// tenant-routing.js on the multi-tenant distribution (CloudFront SaaS Manager, issue 17): the tenant comes from
// the distribution tenant's parameters (tenantId, and originPath = /tenants/<tenantId>, the origin's path), not
// from the Host, which is the tenant's custom domain. Promotion is unchanged: copy mode serves current/, pointer
// mode reads the same KeyValueStore key (the tenant id) the distributor-service writes for the shared distribution.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { load, viewerRequest } = require('./harness');
const { store } = require('../render');

function tenant(tenantId, originPath) {
    const parameters = {};
    if (tenantId !== undefined) {
        parameters.tenantId = tenantId;
    }
    if (originPath !== undefined) {
        parameters.originPath = originPath;
    }
    return { id: 'dt_1a2b3c4d5e6f7', parameters };
}

const ACME = tenant('acme', '/tenants/acme');

test('copy mode: the custom domain serves current/ below the origin path /tenants/<tenantId>', () => {
    const fn = load('tenant-routing.js', {}, store({}), ACME);
    const cases = [
        ['/', '/deployments/current/index.html'],
        ['/docs/', '/deployments/current/docs/index.html'],
        ['/docs', '/deployments/current/docs/index.html'],
        ['/assets/app.3f9a1c2e.js', '/deployments/current/assets/app.3f9a1c2e.js']
    ];
    for (const [uri, expected] of cases) {
        const out = fn.handler(viewerRequest('www.acme-shop.example', uri));
        assert.equal(out.uri, expected, uri);
        assert.equal(out.headers.host.value, 'www.acme-shop.example');
    }
    assert.deepEqual(fn.cf.kvsIds, [], 'copy mode reads no store');
});

test('pointer mode: the store key is the tenantId parameter, the build folder is below the origin path', async () => {
    const kvs = store({ acme: 'b42', globex: 'b7' });
    const fn = load('tenant-routing.js', { pointer_mode: 'true', kvs_id: 'kvs-0001' }, kvs, ACME);
    const out = await fn.handler(viewerRequest('shop.acme.example', '/'));
    assert.equal(out.uri, '/deployments/b42/index.html');
    assert.deepEqual(kvs.calls, ['acme']);
    assert.deepEqual(fn.cf.kvsIds, ['kvs-0001']);
});

test('pointer mode: no pointer, a bad pointer or a failing store falls back to current/', async () => {
    for (const entries of [{}, { acme: '../globex/b7' }, { acme: 'b1/../../x' }]) {
        const fn = load('tenant-routing.js', { pointer_mode: 'true' }, store(entries), ACME);
        assert.equal((await fn.handler(viewerRequest('shop.acme.example', '/'))).uri, '/deployments/current/index.html',
            JSON.stringify(entries));
    }
    const failing = { get() { throw new Error('store unavailable'); } };
    const fn = load('tenant-routing.js', { pointer_mode: 'true' }, failing, ACME);
    assert.equal((await fn.handler(viewerRequest('shop.acme.example', '/a.css'))).uri, '/deployments/current/a.css');
});

test('the Host is ignored on a distribution tenant: another tenant\'s host or a base-domain host reads acme only', async () => {
    const kvs = store({ acme: 'b42', globex: 'b7' });
    const fn = load('tenant-routing.js', { pointer_mode: 'true' }, kvs, ACME);
    for (const host of ['globex.edgeplane.test', 'www.edgeplane.test', '', 'evil.example']) {
        kvs.calls.length = 0;
        const out = await fn.handler(viewerRequest(host, '/'));
        assert.equal(out.uri, '/deployments/b42/index.html', host);
        assert.deepEqual(kvs.calls, ['acme'], host);
    }
});

test('a path that climbs out of the origin path is rejected (400) in both modes', async () => {
    for (const uri of ['/../globex/deployments/current/index.html', '/%2e%2e/globex/x', '/a/..%2fb', '/a\\b']) {
        const copy = load('tenant-routing.js', {}, store({}), ACME);
        assert.equal(copy.handler(viewerRequest('shop.acme.example', uri)).statusCode, 400, uri);
        const kvs = store({ acme: 'b42' });
        const pointer = load('tenant-routing.js', { pointer_mode: 'true' }, kvs, ACME);
        assert.equal((await pointer.handler(viewerRequest('shop.acme.example', uri))).statusCode, 400, uri);
    }
});

test('parameters that do not name one tenant root answer 404 without a store lookup', async () => {
    const hostile = [
        tenant(undefined, '/tenants/acme'),          // no tenantId
        tenant('acme', undefined),                   // no originPath
        tenant('acme', '/tenants/globex'),           // store key of acme, content of globex
        tenant('globex', '/tenants/acme'),
        tenant('acme', '/tenants/acme/'),
        tenant('acme', '/sites/acme'),
        tenant('../acme', '/tenants/../acme'),
        tenant('Acme', '/tenants/Acme'),
        tenant('', '/tenants/'),
        tenant('acme/../globex', '/tenants/acme/../globex')
    ];
    for (const dt of hostile) {
        const kvs = store({ acme: 'b42', globex: 'b7' });
        const fn = load('tenant-routing.js', { pointer_mode: 'true' }, kvs, dt);
        const out = await fn.handler(viewerRequest('shop.acme.example', '/'));
        assert.equal(out.statusCode, 404, JSON.stringify(dt.parameters));
        assert.equal(out.uri, undefined);
        assert.equal(kvs.calls.length, 0, JSON.stringify(dt.parameters));
        const copy = load('tenant-routing.js', {}, store({}), dt);
        assert.equal(copy.handler(viewerRequest('shop.acme.example', '/')).statusCode, 404, JSON.stringify(dt.parameters));
    }
});

test('on the shared (standard) distribution the module throws and the Host routing applies as before', async () => {
    const kvs = store({ acme: 'b42' });
    const fn = load('tenant-routing.js', { pointer_mode: 'true' }, kvs);
    assert.equal((await fn.handler(viewerRequest('acme.edgeplane.test', '/'))).uri, '/tenants/acme/deployments/b42/index.html');
    assert.equal((await fn.handler(viewerRequest('shop.acme.example', '/'))).statusCode, 404);
    const copy = load('tenant-routing.js', {}, store({}));
    assert.equal(copy.handler(viewerRequest('acme.edgeplane.test', '/x.css')).uri, '/tenants/acme/deployments/current/x.css');
});

test('spa mode is kept below the origin path', () => {
    const fn = load('tenant-routing.js', {}, store({}), ACME);
    fn.CONFIG.mode = 'spa';
    assert.equal(fn.handler(viewerRequest('shop.acme.example', '/settings/profile')).uri, '/deployments/current/index.html');
});
