# CloudFront SaaS Manager (issue 17): the multi-tenant distribution — the template of every custom-domain tenant
# (strategy distribution-tenant of the dns-service) — and the connection group their domains point at.
#
# aws_cloudfront_multitenant_distribution and aws_cloudfront_connection_group exist since AWS provider 6.28.0
# (6.29.0 fixes origin access control on multi-tenant origins), hence versions.tf. The dns-service creates the
# distribution tenants at run time (one per tenant: its domains, managed certificate, parameters tenantId and
# originPath = /tenants/<tenantId>, tags edgeplane:managed=true and edgeplane:tenant=<id>); none is created here.
#
# The behaviours, cache policies, functions, key group and error pages are those of the shared distribution
# (main.tf), referenced, not copied: deploy-checks (DistributionModuleTest) fails if the two drift apart. What
# differs, because a multi-tenant distribution does not take it: no aliases, IPv6 and price class (the
# connection group and CloudFront decide), no legacy standard logging block (use CloudWatch vended log delivery),
# and the default behaviour reads the distribution bucket below the tenant's origin path {{originPath}}.

locals {
  # The distribution bucket below the distribution tenant's root: S3 receives tenants/<id>/<routed uri>.
  tenant_origin = "s3-tenant"
  # SaaS Manager parameter syntax: {{name}} in an origin's domain or path, filled in per distribution tenant.
  tenant_origin_path = "{{originPath}}"
}

resource "aws_cloudfront_connection_group" "tenants" {
  provider     = aws.us_east_1
  name         = var.connection_group_name
  enabled      = true
  ipv6_enabled = true
  tags         = merge(local.tags, { "edgeplane:managed" = "true", "edgeplane:role" = "connection-group" })
}

resource "aws_cloudfront_multitenant_distribution" "tenants" {
  provider            = aws.us_east_1
  enabled             = true
  comment             = "${var.name} multi-tenant distribution (CloudFront SaaS Manager): one distribution tenant per custom-domain tenant"
  default_root_object = "index.html"
  http_version        = "http2and3"
  web_acl_id          = local.web_acl_id
  tags                = merge(local.tags, { "edgeplane:managed" = "true", "edgeplane:role" = "multi-tenant" })

  # Every distribution tenant must set both (the dns-service does): the routing function refuses a tenant whose
  # originPath is not /tenants/<tenantId> (edge-functions/README.md).
  tenant_config {
    parameter_definition {
      name = "tenantId"
      definition {
        string_schema {
          required = true
          comment  = "Edgeplane tenant id: the KeyValueStore key of its current build (pointer mode)."
        }
      }
    }
    parameter_definition {
      name = "originPath"
      definition {
        string_schema {
          required = true
          comment  = "/tenants/<tenantId>: origin path of the tenant origin, the tenant's root in the distribution bucket."
        }
      }
    }
  }

  origin {
    id                       = local.tenant_origin
    domain_name              = aws_s3_bucket.this["distribution"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
    origin_path              = local.tenant_origin_path

    dynamic "origin_shield" {
      for_each = var.origin_shield_region == null ? [] : [var.origin_shield_region]
      content {
        enabled              = true
        origin_shield_region = origin_shield.value
      }
    }
  }

  # /data/* and /media/*: the same bucket without a tenant root, as on the shared distribution.
  origin {
    id                       = local.distribution_origin
    domain_name              = aws_s3_bucket.this["distribution"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  origin {
    id                       = local.uploads_origin
    domain_name              = aws_s3_bucket.this["uploads"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  origin {
    id                       = local.errors_origin
    domain_name              = aws_s3_bucket.errors.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  dynamic "origin" {
    for_each = var.api_origin_domain == null ? [] : [var.api_origin_domain]
    content {
      id          = local.api_origin
      domain_name = origin.value
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  default_cache_behavior {
    target_origin_id       = local.tenant_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id

    allowed_methods {
      items          = ["GET", "HEAD", "OPTIONS"]
      cached_methods = ["GET", "HEAD"]
    }
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.routing.arn
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  dynamic "cache_behavior" {
    for_each = var.api_origin_domain == null ? [] : ["/api/*"]
    content {
      path_pattern             = cache_behavior.value
      target_origin_id         = local.api_origin
      viewer_protocol_policy   = "redirect-to-https"
      compress                 = true
      cache_policy_id          = local.managed_caching_disabled
      origin_request_policy_id = local.managed_all_viewer_except_host_header_orp

      allowed_methods {
        items          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
        cached_methods = ["GET", "HEAD"]
      }
      function_association {
        event_type   = "viewer-response"
        function_arn = aws_cloudfront_function.security_headers.arn
      }
    }
  }

  cache_behavior {
    path_pattern           = "/data/*"
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id

    allowed_methods {
      items          = ["GET", "HEAD", "OPTIONS"]
      cached_methods = ["GET", "HEAD"]
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  cache_behavior {
    path_pattern           = "/media/*"
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id

    allowed_methods {
      items          = ["GET", "HEAD", "OPTIONS"]
      cached_methods = ["GET", "HEAD"]
    }
    trusted_key_groups {
      enabled = true
      items   = [aws_cloudfront_key_group.media.id]
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  cache_behavior {
    path_pattern           = "${local.error_pages_prefix}/*"
    target_origin_id       = local.errors_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.html.id

    allowed_methods {
      items          = ["GET", "HEAD"]
      cached_methods = ["GET", "HEAD"]
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  cache_behavior {
    path_pattern           = "/uploads/*"
    target_origin_id       = local.uploads_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.uploads.id

    allowed_methods {
      items          = ["GET", "HEAD", "OPTIONS"]
      cached_methods = ["GET", "HEAD"]
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  cache_behavior {
    path_pattern           = "*.html"
    target_origin_id       = local.tenant_origin
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.html.id

    allowed_methods {
      items          = ["GET", "HEAD", "OPTIONS"]
      cached_methods = ["GET", "HEAD"]
    }
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.routing.arn
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # As on the shared distribution (this resource takes response_code as a string).
  custom_error_response {
    error_code            = 403
    response_code         = "404"
    response_page_path    = "${local.error_pages_prefix}/404.html"
    error_caching_min_ttl = 60
  }

  custom_error_response {
    error_code            = 404
    response_code         = "404"
    response_page_path    = "${local.error_pages_prefix}/404.html"
    error_caching_min_ttl = 60
  }

  custom_error_response {
    error_code            = 500
    response_code         = "500"
    response_page_path    = "${local.error_pages_prefix}/500.html"
    error_caching_min_ttl = 10
  }

  custom_error_response {
    error_code            = 503
    response_code         = "503"
    response_page_path    = "${local.error_pages_prefix}/503.html"
    error_caching_min_ttl = 10
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # The shared certificate of the template (e.g. *.<base domain>); each distribution tenant adds its own
  # CloudFront-managed certificate for its custom domains.
  viewer_certificate {
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
    cloudfront_default_certificate = var.acm_certificate_arn == null ? true : null
  }
}
