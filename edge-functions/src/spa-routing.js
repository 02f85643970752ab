// Edgeplane SPA routing - CloudFront Function (cloudfront-js-2.0), viewer request, individual distributions
// (the origin path already points at the tenant's current deployment).
// Paths without a file extension are the application's routes: serve its index.html. Files, and the
// pass-through prefixes (API, uploads), are left alone. Paths that try to climb out are rejected (400).

var CONFIG = {
    indexDocument: '/index.html',
    passThrough: ['/api/', '/uploads/', '/.well-known/']
};

// The path to fetch, or null for a path that is not acceptable.
function spaPath(uri, config) {
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
    for (var p = 0; p < config.passThrough.length; p++) {
        if (u.indexOf(config.passThrough[p]) === 0) {
            return u;
        }
    }
    var last = segments[segments.length - 1];
    if (last.indexOf('.') >= 0) {
        return u;
    }
    return config.indexDocument;
}

function handler(event) {
    var request = event.request;
    var path = spaPath(request.uri, CONFIG);
    if (path === null) {
        return {
            statusCode: 400,
            statusDescription: 'Bad Request',
            headers: { 'content-type': { value: 'text/plain; charset=utf-8' } },
            body: 'Bad Request'
        };
    }
    request.uri = path;
    return request;
}
