'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { load, viewerRequest } = require('./harness');
const { render, placeholders } = require('../render');

const fn = load('tenant-routing.js');

const cases = [
    // host, uri, expected uri or status
    ['acme.edgeplane.test', '/', '/tenants/acme/deployments/current/index.html'],
    ['acme.edgeplane.test', '/about/', '/tenants/acme/deployments/current/about/index.html'],
    ['acme.edgeplane.test', '/docs', '/tenants/acme/deployments/current/docs/index.html'],
    ['acme.edgeplane.test', '/assets/app.3f9a.js', '/tenants/acme/deployments/current/assets/app.3f9a.js'],
    ['ACME.Edgeplane.Test', '/x.css', '/tenants/acme/deployments/current/x.css'],
    ['acme.edgeplane.test:443', '/x.css', '/tenants/acme/deployments/current/x.css'],
    ['acme.edgeplane.test.', '/x.css', '/tenants/acme/deployments/current/x.css'],
    ['xn--bcher-kva.edgeplane.test', '/', '/tenants/xn--bcher-kva/deployments/current/index.html'],
    ['a1-b2.edgeplane.test', '/', '/tenants/a1-b2/deployments/current/index.html'],
    ['acme_.edgeplane.test', '/', 400],
    ['-acme.edgeplane.test', '/', 400],
    ['ab--cd.edgeplane.test', '/', 400],
    [`${'a'.repeat(64)}.edgeplane.test`, '/', 400],
    ['www.edgeplane.test', '/', 404],
    ['admin.edgeplane.test', '/', 404],
    ['edgeplane.test', '/', 404],
    ['a.b.edgeplane.test', '/', 404],
    ['acme.example.com', '/', 404],
    ['evil-edgeplane.test', '/', 404],
    ['', '/', 404],
    ['acme.edgeplane.test', '/../other/secret.json', 400],
    ['acme.edgeplane.test', '/a/./b.js', 400],
    ['acme.edgeplane.test', '/%2e%2e/other/x.js', 400],
    ['acme.edgeplane.test', '/a%2Fb.js', 400],
    ['acme.edgeplane.test', '/a\\b.js', 400]
];

for (const [host, uri, expected] of cases) {
    test(`${host || '(no host)'} ${uri} -> ${expected}`, () => {
        const out = fn.handler(viewerRequest(host, uri));
        if (typeof expected === 'number') {
            assert.equal(out.statusCode, expected);
            assert.ok(out.statusDescription);
            assert.equal(out.uri, undefined, 'a rejection is a response, not a request');
        } else {
            assert.equal(out.uri, expected);
            assert.equal(out.headers.host.value, host, 'the request goes on otherwise unchanged');
        }
    });
}

test('a request without a Host header is rejected', () => {
    assert.equal(fn.handler(viewerRequest(null, '/')).statusCode, 404);
});

test('the routing core is exported for a pointer lookup: an explicit deployment replaces "current"', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(fn.route('acme.edgeplane.test', '/x.js', fn.CONFIG, 'b42'))),
        { uri: '/tenants/acme/deployments/b42/x.js' });
    assert.deepEqual(JSON.parse(JSON.stringify(fn.route('acme.edgeplane.test', '/x.js', fn.CONFIG))),
        { uri: '/tenants/acme/deployments/current/x.js' });
});

test('spa mode serves the app index for paths without an extension', () => {
    const config = Object.assign({}, fn.CONFIG, { mode: 'spa' });
    assert.equal(fn.route('acme.edgeplane.test', '/settings/profile', config).uri,
        '/tenants/acme/deployments/current/index.html');
    assert.equal(fn.route('acme.edgeplane.test', '/logo.svg', config).uri,
        '/tenants/acme/deployments/current/logo.svg');
});

test('query strings and other request fields are kept', () => {
    const event = viewerRequest('acme.edgeplane.test', '/search');
    event.request.querystring = { q: { value: 'shoes' } };
    const out = fn.handler(event);
    assert.equal(out.querystring.q.value, 'shoes');
    assert.equal(out.method, 'GET');
});

// Issue 14 #1: the base domain is Terraform's var.base_domains, not a constant of the file.
test('rendered with production base domains, tenant hosts route and the local domain does not', () => {
    const prod = load('tenant-routing.js', { base_domains: 'sites.example.com,example.org' });
    assert.equal(prod.handler(viewerRequest('acme.sites.example.com', '/')).uri,
        '/tenants/acme/deployments/current/index.html');
    assert.equal(prod.handler(viewerRequest('acme.example.org', '/a.css')).uri, '/tenants/acme/deployments/current/a.css');
    assert.equal(prod.handler(viewerRequest('acme.edgeplane.test', '/')).statusCode, 404);
});

test('an unrendered placeholder is an error, as in Terraform', () => {
    assert.throws(() => render('tenant-routing.js', {}), /base_domains/);
    assert.deepEqual(placeholders('tenant-routing.js'), ['base_domains', 'kvs_id', 'pointer_mode']);
});
