'use strict';
// The KeyValueStore pointer mode of tenant-routing.js (issue 6): the distributor-service writes
// tenant -> build id; the function serves that build's immutable folder, or current/ without a pointer.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { load, viewerRequest } = require('./harness');
const { render, LOCAL, CLOUDFRONT_IMPORT } = require('../render');

const fn = load('tenant-routing.js');

// A stand-in for cf.kvs(): get() resolves the value or rejects like CloudFront for a missing key.
function store(entries, options) {
    const calls = [];
    return {
        calls,
        get(key, opts) {
            calls.push({ key, opts });
            if (options && options.throwSync) {
                throw new Error('store unavailable');
            }
            return Object.prototype.hasOwnProperty.call(entries, key)
                ? Promise.resolve(entries[key]) : Promise.reject(new Error('KeyNotFound: ' + key));
        }
    };
}

const cases = [
    // pointer value, uri, expected uri
    ['b42', '/', '/tenants/acme/deployments/b42/index.html'],
    ['b42', '/assets/app.3f9a1c2e.js', '/tenants/acme/deployments/b42/assets/app.3f9a1c2e.js'],
    ['2026-11-22.1', '/docs', '/tenants/acme/deployments/2026-11-22.1/docs/index.html'],
    ['current', '/', '/tenants/acme/deployments/current/index.html'],
    // values that are not plain build ids never become part of the path
    ['../globex/b1', '/', '/tenants/acme/deployments/current/index.html'],
    ['b1/../../x', '/', '/tenants/acme/deployments/current/index.html'],
    ['', '/', '/tenants/acme/deployments/current/index.html'],
    ['.hidden', '/', '/tenants/acme/deployments/current/index.html'],
    ['b'.repeat(129), '/', '/tenants/acme/deployments/current/index.html']
];

for (const [value, uri, expected] of cases) {
    test(`pointer ${JSON.stringify(value).slice(0, 40)} ${uri} -> ${expected}`, async () => {
        const kvs = store({ acme: value });
        const out = await fn.pointerHandler(viewerRequest('acme.edgeplane.test', uri), kvs);
        assert.equal(out.uri, expected);
        assert.deepEqual(kvs.calls.map((c) => c.key), ['acme']);
        assert.equal(kvs.calls[0].opts.format, 'string');
    });
}

test('a tenant without a pointer (copy mode, never promoted by pointer) is served from current/', async () => {
    const out = await fn.pointerHandler(viewerRequest('globex.edgeplane.test', '/a.css'), store({ acme: 'b42' }));
    assert.equal(out.uri, '/tenants/globex/deployments/current/a.css');
});

test('a store that fails falls back to current/ instead of failing the request', async () => {
    const out = await fn.pointerHandler(viewerRequest('acme.edgeplane.test', '/'), store({}, { throwSync: true }));
    assert.equal(out.uri, '/tenants/acme/deployments/current/index.html');
});

test('hosts that are not tenants are answered without a store lookup', async () => {
    for (const host of ['www.edgeplane.test', 'acme.example.com', '-bad.edgeplane.test']) {
        const kvs = store({ www: 'b1' });
        const out = await fn.pointerHandler(viewerRequest(host, '/'), kvs);
        assert.ok(out.statusCode === 404 || out.statusCode === 400, host);
        assert.equal(kvs.calls.length, 0, host);
    }
});

test('a path that climbs out is still rejected with a pointer', async () => {
    const out = await fn.pointerHandler(viewerRequest('acme.edgeplane.test', '/../globex/x.js'), store({ acme: 'b42' }));
    assert.equal(out.statusCode, 400);
});

test('spa mode and the rest of the request are kept in pointer mode', async () => {
    const config = Object.assign({}, fn.CONFIG, { mode: 'spa' });
    const routed = await fn.routeByPointer('acme.edgeplane.test', '/settings/profile', config, store({ acme: 'b7' }));
    assert.equal(routed.uri, '/tenants/acme/deployments/b7/index.html');
    const event = viewerRequest('acme.edgeplane.test', '/search');
    event.request.querystring = { q: { value: 'shoes' } };
    const out = await fn.pointerHandler(event, store({ acme: 'b7' }));
    assert.equal(out.querystring.q.value, 'shoes');
    assert.equal(out.headers.host.value, 'acme.edgeplane.test');
});

test('promotion and rollback are one key write: the next request follows the new value', async () => {
    const entries = { acme: 'b41' };
    const kvs = store(entries);
    assert.equal((await fn.pointerHandler(viewerRequest('acme.edgeplane.test', '/'), kvs)).uri,
        '/tenants/acme/deployments/b41/index.html');
    entries.acme = 'b42';
    assert.equal((await fn.pointerHandler(viewerRequest('acme.edgeplane.test', '/'), kvs)).uri,
        '/tenants/acme/deployments/b42/index.html');
    entries.acme = 'b41';
    assert.equal((await fn.pointerHandler(viewerRequest('acme.edgeplane.test', '/'), kvs)).uri,
        '/tenants/acme/deployments/b41/index.html');
});

test('rendered with pointer_mode=true (as Terraform uploads it) the handler itself routes through cf.kvs(id)', async () => {
    const kvs = store({ acme: 'b42' });
    const deployed = load('tenant-routing.js', { pointer_mode: 'true', kvs_id: 'kvs-0001' }, kvs);
    const out = await deployed.handler(viewerRequest('acme.edgeplane.test', '/'));
    assert.equal(out.uri, '/tenants/acme/deployments/b42/index.html');
    assert.deepEqual(deployed.cf.kvsIds, ['kvs-0001']);
    // Rendered in copy mode the handler never consults a store.
    const copy = load('tenant-routing.js', {}, kvs);
    assert.equal(copy.handler(viewerRequest('acme.edgeplane.test', '/')).uri, '/tenants/acme/deployments/current/index.html');
    assert.deepEqual(copy.cf.kvsIds, []);
});

test('both renderings start with the cloudfront import and differ only in the pointer flag', () => {
    const vars = Object.assign({}, LOCAL, { pointer_mode: 'true' });
    const code = render('tenant-routing.js', vars);
    assert.ok(code.startsWith(CLOUDFRONT_IMPORT));
    assert.equal(code, render('tenant-routing.js', Object.assign({}, vars, { pointer_mode: 'false' }))
        .replace("'false' === 'true'", "'true' === 'true'"));
});

test('without the import (a copy-mode file uploaded by hand) the shared distribution still routes by Host', () => {
    const code = render('tenant-routing.js', LOCAL).substring(CLOUDFRONT_IMPORT.length);
    const context = {};
    require('node:vm').createContext(context);
    require('node:vm').runInContext(code, context);
    assert.equal(context.handler(viewerRequest('acme.edgeplane.test', '/')).uri,
        '/tenants/acme/deployments/current/index.html');
});
