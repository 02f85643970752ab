'use strict';
// What CloudFront Functions (cloudfront-js-2.0) accept: a top-level handler(event), no Node modules, no
// module system, no timers or process, at most 10 KB of code.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { files, source, load } = require('./harness');
const { render, LOCAL } = require('../render');

const MAX_BYTES = 10 * 1024;

for (const file of files()) {
    test(`${file} fits the CloudFront Functions runtime`, () => {
        const code = source(file);
        assert.ok(Buffer.byteLength(code, 'utf8') <= MAX_BYTES, `${file} is larger than 10 KB`);
        assert.match(code, /^function handler\(event\) \{/m, 'a top-level handler(event)');
        for (const forbidden of [/\brequire\s*\(/, /\bmodule\.exports\b/, /\bexports\./, /\bprocess\./,
            /^\s*import\s/m, /\bsetTimeout\b/, /\bfetch\s*\(/, /\beval\s*\(/]) {
            assert.doesNotMatch(code, forbidden, `${file} uses ${forbidden}`);
        }
        assert.equal(typeof load(file).handler, 'function');
    });
}

// What Terraform uploads (pointer mode: the import on top) also fits: 10 KB and one handler.
test('tenant-routing.js rendered for pointer mode fits the runtime', () => {
    const code = render('tenant-routing.js', Object.assign({}, LOCAL, { pointer_mode: 'true',
        base_domains: 'sites.example.com,' + 'x'.repeat(200) + '.example' }));
    assert.ok(Buffer.byteLength(code, 'utf8') <= MAX_BYTES);
    assert.match(code, /^import cf from 'cloudfront';\n/);
    assert.equal(code.match(/^\s*import\s/mg).length, 1);
});
