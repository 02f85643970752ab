'use strict';
// Loads a function file the way CloudFront runs it: a bare script in an empty global scope (no require,
// module, process or timers), and returns its top-level functions and variables for the tests.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const render = require('../render');

const SRC = path.join(__dirname, '..', 'src');

function source(file) {
    return fs.readFileSync(path.join(SRC, file), 'utf8');
}

// The file as Terraform uploads it with the local stack's values (vars override them); tenant: the distribution
// tenant of a multi-tenant distribution (render.load).
function load(file, vars, kvs, tenant) {
    return render.load(file, Object.assign({}, render.LOCAL, vars || {}), kvs, tenant);
}

function files() {
    return fs.readdirSync(SRC).filter((f) => f.endsWith('.js')).sort();
}

function viewerRequest(host, uri) {
    return {
        version: '1.0',
        context: { eventType: 'viewer-request' },
        viewer: { ip: '198.51.100.7' },
        request: { method: 'GET', uri, querystring: {}, headers: host === null ? {} : { host: { value: host } },
            cookies: {} }
    };
}

function viewerResponse(headers) {
    return {
        version: '1.0',
        context: { eventType: 'viewer-response' },
        request: { method: 'GET', uri: '/', headers: {} },
        response: { statusCode: 200, statusDescription: 'OK', headers: headers || {}, cookies: {} }
    };
}

module.exports = { load, source, files, viewerRequest, viewerResponse };
