'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { load, viewerResponse } = require('./harness');

const fn = load('security-headers.js');

test('every response gets the seed 003 headers', () => {
    const out = fn.handler(viewerResponse({ 'content-type': { value: 'text/html' } }));
    assert.equal(out.headers['strict-transport-security'].value, 'max-age=31536000; includeSubDomains');
    assert.equal(out.headers['x-content-type-options'].value, 'nosniff');
    assert.equal(out.headers['x-frame-options'].value, 'DENY');
    assert.equal(out.headers['referrer-policy'].value, 'strict-origin-when-cross-origin');
    assert.ok(out.headers['permissions-policy'].value.includes('camera=()'));
    assert.equal(out.headers['content-type'].value, 'text/html', 'existing headers stay');
    assert.equal(out.statusCode, 200);
});

test('HSTS and nosniff are enforced even when the origin sends weaker values', () => {
    const out = fn.handler(viewerResponse({
        'strict-transport-security': { value: 'max-age=0' },
        'x-content-type-options': { value: 'sniff-away' }
    }));
    assert.equal(out.headers['strict-transport-security'].value, 'max-age=31536000; includeSubDomains');
    assert.equal(out.headers['x-content-type-options'].value, 'nosniff');
});

test('an origin choice for framing and referrer policy is respected', () => {
    const out = fn.handler(viewerResponse({
        'x-frame-options': { value: 'SAMEORIGIN' },
        'referrer-policy': { value: 'no-referrer' }
    }));
    assert.equal(out.headers['x-frame-options'].value, 'SAMEORIGIN');
    assert.equal(out.headers['referrer-policy'].value, 'no-referrer');
});

test('a response without headers gets them too', () => {
    const event = viewerResponse();
    delete event.response.headers;
    assert.equal(fn.handler(event).headers['x-frame-options'].value, 'DENY');
});
