// Edgeplane security headers - CloudFront Function (cloudfront-js-2.0), viewer response (seed 003).
// HSTS and nosniff are always set; the others only when the origin did not choose its own (a tenant may
// allow framing of a widget, or send a stricter referrer policy).

var ALWAYS = {
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff'
};

var DEFAULTS = {
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'x-xss-protection': '0'
};

// Adds the headers to a CloudFront headers object ({name: {value}}) and returns it.
function secureHeaders(headers) {
    var name;
    for (name in ALWAYS) {
        headers[name] = { value: ALWAYS[name] };
    }
    for (name in DEFAULTS) {
        if (!headers[name]) {
            headers[name] = { value: DEFAULTS[name] };
        }
    }
    return headers;
}

function handler(event) {
    var response = event.response;
    response.headers = secureHeaders(response.headers || {});
    return response;
}
