'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { load, viewerRequest } = require('./harness');

const fn = load('spa-routing.js');

const cases = [
    ['/', '/index.html'],
    ['/dashboard', '/index.html'],
    ['/users/42/settings', '/index.html'],
    ['/users/42/', '/index.html'],
    ['/static/js/main.a1b2c3d4.js', '/static/js/main.a1b2c3d4.js'],
    ['/favicon.ico', '/favicon.ico'],
    ['/404.html', '/404.html'],
    ['/api/orders', '/api/orders'],
    ['/uploads/photo', '/uploads/photo'],
    ['/.well-known/security.txt', '/.well-known/security.txt'],
    ['/../etc/passwd', 400],
    ['/%2e%2e/x', 400],
    ['relative', 400]
];

for (const [uri, expected] of cases) {
    test(`${uri} -> ${expected}`, () => {
        const out = fn.handler(viewerRequest('acme.edgeplane.test', uri));
        if (typeof expected === 'number') {
            assert.equal(out.statusCode, expected);
        } else {
            assert.equal(out.uri, expected);
        }
    });
}
