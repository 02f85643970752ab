'use strict';
// Renders a function file the way deploy/terraform/edgeplane-distribution uploads it, and runs it as CloudFront
// would: templatefile() fills in ${name} placeholders (an unknown or missing one is an error, as in Terraform);
// the module puts CLOUDFRONT_IMPORT on the first line of the routing function, which is replaced here by a `cf`
// global (node:vm scripts cannot import): kvs(id) returns the given stand-in store, distributionTenant the given
// distribution tenant (or throws, as on a standard distribution).
//
// CLI (deploy-checks runs it with the production values of the Terraform example):
//   node render.js <file> base_domains=a.example,b.example pointer_mode=true kvs_id=<id> \
//        [--kvs acme=b42 ...] [--distribution-tenant <dt-id> tenantId=acme,originPath=/tenants/acme] \
//        --route <host> <uri> [--route <host> <uri> ...]
// prints one JSON line per route: {host, uri, status?, routedUri?, kvsCalls}.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const SRC = path.join(__dirname, 'src');
// Exactly what main.tf prepends to the routing function (deploy-checks compares the two).
const CLOUDFRONT_IMPORT = "import cf from 'cloudfront';\n";
const ROUTING_FILE = 'tenant-routing.js';
// The local stack's values (./edgeplane up, docker compose): base domain edgeplane.test, copy-mode handler.
const LOCAL = { base_domains: 'edgeplane.test', pointer_mode: 'false', kvs_id: 'edgeplane-local' };

function render(file, vars) {
    const code = fs.readFileSync(path.join(SRC, file), 'utf8');
    if (/%\{/.test(code)) {
        throw new Error(`${file}: template directives (%{) are not used by the module`);
    }
    const rendered = code.replace(/\$\{([^}]*)\}/g, (match, name) => {
        if (!/^[a-z_][a-z0-9_]*$/.test(name) || !Object.prototype.hasOwnProperty.call(vars, name)) {
            throw new Error(`${file}: placeholder ${match} has no value (Terraform would fail the same way)`);
        }
        return String(vars[name]);
    });
    return importsCloudfront(file) ? CLOUDFRONT_IMPORT + rendered : rendered;
}

// main.tf puts the import on the routing function in both modes (the multi-tenant distribution reads
// cf.distributionTenant in copy mode too) and on no other file.
function importsCloudfront(file) {
    return file === ROUTING_FILE;
}

// The placeholders a file uses (to compare with the variables main.tf passes).
function placeholders(file) {
    const code = fs.readFileSync(path.join(SRC, file), 'utf8');
    return [...new Set([...code.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]))].sort();
}

// The rendered file's top-level scope; kvs: the store cf.kvs(id) returns (records the id it was asked for);
// tenant: {id, parameters} of the distribution tenant a multi-tenant distribution serves the request for, or
// absent for a standard distribution (where CloudFront's module throws a TypeError).
function load(file, vars, kvs, tenant) {
    let code = render(file, vars);
    const context = {};
    if (code.startsWith(CLOUDFRONT_IMPORT)) {
        code = code.substring(CLOUDFRONT_IMPORT.length);
        context.cf = { kvsIds: [], kvs(id) { this.kvsIds.push(id); return kvs; } };
        Object.defineProperty(context.cf, 'distributionTenant', { get() {
            if (!tenant) {
                throw new TypeError('distributionTenant module is not available');
            }
            return distributionTenant(tenant);
        } });
    }
    vm.createContext(context);
    vm.runInContext(code, context, { filename: file });
    return context;
}

// CloudFront's cf.distributionTenant: id and parameters.get(name) (an unknown name throws, as we assume it may).
function distributionTenant(tenant) {
    return {
        id: tenant.id,
        parameters: { get(name) {
            if (!Object.prototype.hasOwnProperty.call(tenant.parameters, name)) {
                throw new Error('no parameter ' + name);
            }
            return tenant.parameters[name];
        } }
    };
}

function store(entries) {
    const calls = [];
    return {
        calls,
        get(key) {
            calls.push(key);
            return Object.prototype.hasOwnProperty.call(entries, key)
                ? Promise.resolve(entries[key]) : Promise.reject(new Error('KeyNotFound: ' + key));
        }
    };
}

async function main(argv) {
    const [file, ...rest] = argv;
    const vars = {};
    const entries = {};
    const routes = [];
    let tenant;
    for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--kvs') {
            const [k, v] = rest[++i].split('=');
            entries[k] = v;
        } else if (rest[i] === '--distribution-tenant') {
            tenant = { id: rest[i + 1], parameters: Object.fromEntries(rest[i + 2].split(',').map((p) => p.split('='))) };
            i += 2;
        } else if (rest[i] === '--route') {
            routes.push([rest[i + 1], rest[i + 2]]);
            i += 2;
        } else {
            const eq = rest[i].indexOf('=');
            vars[rest[i].substring(0, eq)] = rest[i].substring(eq + 1);
        }
    }
    const kvs = store(entries);
    const fn = load(file, vars, kvs, tenant);
    for (const [host, uri] of routes) {
        kvs.calls.length = 0;
        const event = { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '198.51.100.7' },
            request: { method: 'GET', uri, querystring: {}, headers: { host: { value: host } }, cookies: {} } };
        const out = await fn.handler(event);
        console.log(JSON.stringify({ host, uri, status: out.statusCode, routedUri: out.statusCode ? undefined : out.uri,
            kvsCalls: kvs.calls.slice(), kvsIds: fn.cf ? fn.cf.kvsIds.slice() : [] }));
    }
}

module.exports = { render, placeholders, load, store, LOCAL, CLOUDFRONT_IMPORT };

if (require.main === module) {
    main(process.argv.slice(2)).catch((e) => {
        console.error(e.message);
        process.exit(1);
    });
}
