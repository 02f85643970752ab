// Edgeplane tenant routing - CloudFront Function (cloudfront-js-2.0), viewer request, shared and multi-tenant
// distribution. <tenant>.<base domain>/<path>  ->  /tenants/<tenant>/deployments/<deployment>/<path>
// (on a distribution tenant: /deployments/<deployment>/<path> below its origin path, see distributionTenantOf)
// Rejects hosts that are not one valid tenant label under a configured base domain (400 bad label,
// 404 unknown/reserved) and paths that try to leave the tenant's prefix (400). Adds index documents.
// Plain ES5.1 on purpose: runs on both CloudFront runtimes; no modules, no Node APIs.
// A Terraform template: templatefile() fills in the three placeholders below when uploading (var.base_domains,
// var.pointer_mode, the KeyValueStore id) and puts `import cf from 'cloudfront';` on top.
// Tests render it the same way (../render.js) with the local stack's values.

var CONFIG = {
    // The zones of edgeplane.dns.zones, comma-separated: a host under any other domain answers 404.
    baseDomains: '${base_domains}'.split(','),
    reservedLabels: ['www', 'api', 'admin', 'app', 'mail', 'smtp', 'ftp', 'cdn', 'static', 'assets', 'status',
        'ns1', 'ns2', 'dashboard', 'console', 'root', 'edgeplane'],
    prefix: '/tenants/',
    deployment: 'current',
    indexDocument: 'index.html',
    // 'directory': /docs -> /docs/index.html; 'spa': paths without an extension -> the app's index.html
    mode: 'directory',
    // true when the distributor-service promotes by pointer (EDGEPLANE_DISTRIBUTOR_DEPLOYMENTS_POINTER_ADAPTER
    // set): the handler then reads the tenant's build from the KeyValueStore kvsId.
    pointerMode: '${pointer_mode}' === 'true',
    kvsId: '${kvs_id}'
};

var LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

// The tenant label of a Host header, or {status, reason}.
function tenantOf(host, config) {
    var h = String(host || '').toLowerCase();
    var colon = h.indexOf(':');
    if (colon >= 0) {
        h = h.substring(0, colon);
    }
    if (h.charAt(h.length - 1) === '.') {
        h = h.substring(0, h.length - 1);
    }
    for (var i = 0; i < config.baseDomains.length; i++) {
        var suffix = '.' + config.baseDomains[i];
        if (h.length > suffix.length && h.substring(h.length - suffix.length) === suffix) {
            var label = h.substring(0, h.length - suffix.length);
            if (label.indexOf('.') >= 0) {
                return { status: 404, reason: 'not a tenant host: ' + h };
            }
            if (!LABEL.test(label) || (label.length >= 4 && label.substring(2, 4) === '--'
                && label.substring(0, 4) !== 'xn--')) {
                return { status: 400, reason: 'invalid tenant label: ' + label };
            }
            if (config.reservedLabels.indexOf(label) >= 0) {
                return { status: 404, reason: 'reserved label: ' + label };
            }
            return { label: label };
        }
    }
    return { status: 404, reason: 'unknown host: ' + h };
}

// The path with index documents added, or null when it could escape its prefix.
function normalizePath(uri, config, spa) {
    var u = String(uri || '/');
    if (u.charAt(0) !== '/' || u.indexOf('\\') >= 0 || /%2e|%2f|%5c|%00/i.test(u)) {
        return null;
    }
    var segments = u.split('/');
    for (var i = 0; i < segments.length; i++) {
        if (segments[i] === '..' || segments[i] === '.') {
            return null;
        }
    }
    var last = segments[segments.length - 1];
    if (last === '') {
        return u + config.indexDocument;
    }
    if (last.indexOf('.') < 0) {
        return spa ? '/' + config.indexDocument : u + '/' + config.indexDocument;
    }
    return u;
}

// Pure routing core (tests and the KeyValueStore pointer mode call it directly):
// {uri} to fetch from the origin, or {status, reason} to answer. `deployment` overrides config.deployment.
function route(host, uri, config, deployment) {
    var tenant = tenantOf(host, config);
    if (tenant.status) {
        return tenant;
    }
    return routeUnder(config.prefix + tenant.label, uri, config, deployment);
}

// The URI under a tenant's root ('' when the origin path already is the root: multi-tenant distribution).
function routeUnder(root, uri, config, deployment) {
    var path = normalizePath(uri, config, config.mode === 'spa');
    if (path === null) {
        return { status: 400, reason: 'invalid path' };
    }
    return { uri: root + '/deployments/' + (deployment || config.deployment) + path };
}

// Pointer mode (issue 6): the distributor-service keeps, in a CloudFront KeyValueStore associated with this
// function, tenant label -> deployment folder to serve (a build id; 'current' for copy mode). Promotion and
// rollback are one key write: new URIs, new cache keys, nothing to invalidate. CONFIG.pointerMode makes
// handler() use it. A missing key, a store error or a value that is not a plain build id falls back to
// config.deployment, so tenants that never had a pointer keep being served from current/.
var DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

// The deployment folder a pointer value names, or null (use config.deployment) for anything else.
function pointerDeployment(value) {
    return typeof value === 'string' && DEPLOYMENT_ID.test(value) ? value : null;
}

// route() with the tenant's deployment read from the store (kvs: cf.kvs()); a Promise of route()'s result.
// Hosts that are not tenants are answered without a lookup.
function routeByPointer(host, uri, config, kvs) {
    var tenant = tenantOf(host, config);
    if (tenant.status) {
        return Promise.resolve(tenant);
    }
    return pointerOf(tenant.label, kvs).then(function (deployment) {
        return route(host, uri, config, deployment);
    });
}

// A Promise of the tenant's pointer (a build id), or of null (config.deployment) without a usable one.
function pointerOf(tenantId, kvs) {
    var lookup;
    try {
        lookup = kvs.get(tenantId, { format: 'string' });
    } catch (e) {
        lookup = Promise.reject(e);
    }
    return Promise.resolve(lookup).then(pointerDeployment, function () {
        return null;
    });
}

function pointerHandler(event, kvs) {
    var request = event.request;
    var host = request.headers.host ? request.headers.host.value : '';
    return routeByPointer(host, request.uri, CONFIG, kvs).then(function (result) {
        if (result.status) {
            return reject(result);
        }
        request.uri = result.uri;
        return request;
    });
}

function reject(result) {
    return {
        statusCode: result.status,
        statusDescription: result.status === 400 ? 'Bad Request' : 'Not Found',
        headers: {
            'content-type': { value: 'text/plain; charset=utf-8' },
            'cache-control': { value: 'max-age=60' }
        },
        body: result.status === 400 ? 'Bad Request' : 'Not Found'
    };
}

// Multi-tenant distribution (CloudFront SaaS Manager, issue 17): the tenant is the distribution tenant, not
// the Host (a custom domain). Its parameters tenantId and originPath (the origin's path, {{originPath}}) must
// agree: originPath = /tenants/<tenantId>. The URI stays relative to that origin path; the store key is
// tenantId, so both promotion modes work unchanged. {tenantId, originPath, id}, or null on a standard
// distribution (the module throws there) or without the cloudfront import (copy mode, shared only).
function distributionTenantOf(cfModule) {
    try {
        var dt = cfModule.distributionTenant;
        var id = dt.id;
        return { id: id, tenantId: parameterOf(dt, 'tenantId'), originPath: parameterOf(dt, 'originPath') };
    } catch (e) {
        return null;
    }
}

function parameterOf(dt, name) {
    try {
        var value = dt.parameters.get(name);
        return typeof value === 'string' ? value : null;
    } catch (e) {
        return null;
    }
}

// {label} of a distribution tenant, or {status, reason} when its parameters do not name one tenant root.
function tenantOfDistributionTenant(dt, config) {
    if (!dt.tenantId || !LABEL.test(dt.tenantId)) {
        return { status: 404, reason: 'distribution tenant ' + dt.id + ': no valid tenantId parameter' };
    }
    if (dt.originPath !== config.prefix + dt.tenantId) {
        return { status: 404, reason: 'distribution tenant ' + dt.id + ': originPath is not ' + config.prefix
            + dt.tenantId };
    }
    return { label: dt.tenantId };
}

// kvs: the store in pointer mode, else null. The request, a rejection, or a Promise of one (pointer mode).
function distributionTenantHandler(event, dt, kvs) {
    var request = event.request;
    var tenant = tenantOfDistributionTenant(dt, CONFIG);
    if (tenant.status) {
        return reject(tenant);
    }
    var answer = function (deployment) {
        var result = routeUnder('', request.uri, CONFIG, deployment);
        if (result.status) {
            return reject(result);
        }
        request.uri = result.uri;
        return request;
    };
    return kvs ? pointerOf(tenant.label, kvs).then(answer) : answer(null);
}

function handler(event) {
    // cf: the 'cloudfront' module Terraform imports on the first line (pointer mode, multi-tenant distribution).
    var dt = distributionTenantOf(typeof cf === 'undefined' ? null : cf);
    var kvs = CONFIG.pointerMode ? cf.kvs(CONFIG.kvsId) : null;
    if (dt) {
        return distributionTenantHandler(event, dt, kvs);
    }
    if (kvs) {
        return pointerHandler(event, kvs);
    }
    var request = event.request;
    var host = request.headers.host ? request.headers.host.value : '';
    var result = route(host, request.uri, CONFIG);
    if (result.status) {
        return reject(result);
    }
    request.uri = result.uri;
    return request;
}
