# The shared Edgeplane distribution (seed 002's Terraform form): S3 origins behind origin access control,
# seed 002's cache behaviours, custom error pages, compression, HTTP/2 and HTTP/3, TLSv1.2_2021, Origin
# Shield, a price class, an optional WAF, the routing and security-header CloudFront Functions from
# edge-functions/, the KeyValueStore that maps a tenant to its current build, standard logging and the
# seed's two CloudWatch alarms.
#
# CloudFront, its functions, the KeyValueStore, WAF (scope CLOUDFRONT) and CloudFront's metrics live in
# us-east-1: pass that provider as aws.us_east_1. The buckets use the default aws provider.

locals {
  tags = merge({ "edgeplane:component" = "shared-distribution" }, var.tags)

  # Versioned assets cache for a year when the object names no Cache-Control of its own; every object the
  # services write carries one (CachePolicy rules), which CloudFront honours between min and max TTL.
  one_year = 31536000
  one_hour = 3600
  one_day  = 86400

  routing_function_file          = coalesce(var.routing_function_file, "${path.module}/../../../edge-functions/src/tenant-routing.js")
  spa_routing_function_file      = "${path.module}/../../../edge-functions/src/spa-routing.js"
  security_headers_function_file = coalesce(var.security_headers_function_file, "${path.module}/../../../edge-functions/src/security-headers.js")

  # AWS managed policies (ids are fixed by AWS).
  managed_caching_disabled                  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  managed_all_viewer_except_host_header_orp = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

  distribution_origin = "s3-distribution"
  uploads_origin      = "s3-uploads"
  errors_origin       = "s3-errors"
  api_origin          = "api"

  buckets = {
    distribution = var.distribution_bucket_name
    uploads      = var.uploads_bucket_name
    source       = var.source_bucket_name
    builds       = var.builds_bucket_name
  }

  # Individual distributions (dns-service) read below their origin path /tenants/{tenantId}/deployments/current
  # (edgeplane.dns.individual.origin-path): every distribution of this account, under tenants/ only.
  individual_origin_prefix     = "tenants/"
  individual_distribution_arns = "arn:aws:cloudfront::${data.aws_caller_identity.current.account_id}:distribution/*"

  # The routing function as uploaded: a template (edge-functions/README.md) with the cloudfront module imported
  # in both modes: cf.kvs() in pointer mode, cf.distributionTenant on the multi-tenant distribution (multitenant.tf).
  # The KeyValueStore id is the last part of its ARN.
  cloudfront_import = "import cf from 'cloudfront';\n"
  routing_function_template_vars = {
    base_domains = join(",", var.base_domains)
    pointer_mode = tostring(var.pointer_mode)
    kvs_id       = element(split("/", aws_cloudfront_key_value_store.tenants.arn), 1)
  }
  routing_function_code = format("%s%s", local.cloudfront_import,
  templatefile(local.routing_function_file, local.routing_function_template_vars))

  # Error pages: from their own origin (errors bucket), so they load while the content origin fails.
  error_pages_prefix = "/_errors"

  web_acl_id = var.create_waf ? aws_wafv2_web_acl.this[0].arn : var.web_acl_arn
}

# ---------------------------------------------------------------------------------------------------------
# Buckets: private, encrypted, owner-enforced. Only the distribution and uploads buckets are CloudFront origins;
# source (the fetcher's output and the distributor's state prefix) and builds (tenants' and sites' builds the
# distributor promotes from) are read by the services' IAM roles only (deploy/iam).

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  bucket   = each.value
  tags     = merge(local.tags, { "edgeplane:bucket" = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = local.buckets
  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Builds are what a rollback promotes again: keep overwritten and deleted versions for a while.
resource "aws_s3_bucket_versioning" "builds" {
  bucket = aws_s3_bucket.this["builds"].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_cloudfront_origin_access_control" "s3" {
  provider                          = aws.us_east_1
  name                              = "${var.name}-s3"
  description                       = "Edgeplane: CloudFront signs every request to the S3 origins (SigV4)."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

data "aws_caller_identity" "current" {}

# Who may read each origin bucket through origin access control.
#  - The shared and the multi-tenant distribution: the whole bucket (tenants, /data/, /media/, error pages, uploads).
#  - The individual distributions the dns-service creates at run time (origin path /tenants/{id}/deployments/
#    current): their ARNs are not known here, and a bucket policy cannot test a distribution's tags (the only
#    condition keys CloudFront sends are AWS:SourceArn and AWS:SourceAccount). So: any distribution of this
#    account (ArnLike on the account's distribution/* ARNs), and only under tenants/*. The dns-service's IAM
#    policy lets it create only distributions tagged edgeplane:managed=true; run Edgeplane's CloudFront in an
#    account of its own so no other team's distribution falls under the wildcard.
data "aws_iam_policy_document" "cloudfront_reads" {
  for_each = {
    distribution = { bucket = aws_s3_bucket.this["distribution"].arn, individual = true }
    uploads      = { bucket = aws_s3_bucket.this["uploads"].arn, individual = false }
    errors       = { bucket = aws_s3_bucket.errors.arn, individual = false }
  }

  statement {
    sid       = "SharedDistributionReads"
    actions   = ["s3:GetObject"]
    resources = ["${each.value.bucket}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    # The multi-tenant distribution (multitenant.tf) reads what the shared one reads; its tenant origin only
    # below tenants/<id> (origin path {{originPath}}).
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn, aws_cloudfront_multitenant_distribution.tenants.arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.individual ? [local.individual_distribution_arns] : []
    content {
      sid       = "IndividualDistributionsReadTenants"
      actions   = ["s3:GetObject"]
      resources = ["${each.value.bucket}/${local.individual_origin_prefix}*"]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "ArnLike"
        variable = "AWS:SourceArn"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "distribution" {
  bucket     = aws_s3_bucket.this["distribution"].id
  policy     = data.aws_iam_policy_document.cloudfront_reads["distribution"].json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket     = aws_s3_bucket.this["uploads"].id
  policy     = data.aws_iam_policy_document.cloudfront_reads["uploads"].json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Error pages live in their own bucket in us-east-1 (the CloudFront provider's region), apart from the content
# buckets (the default provider's region): when the content origin fails, the error pages still load. Put the
# files 404.html, 500.html, 503.html under errors/ (deploy/README.md).
resource "aws_s3_bucket" "errors" {
  provider = aws.us_east_1
  bucket   = var.errors_bucket_name
  tags     = merge(local.tags, { "edgeplane:bucket" = "errors" })
}

resource "aws_s3_bucket_public_access_block" "errors" {
  provider                = aws.us_east_1
  bucket                  = aws_s3_bucket.errors.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "errors" {
  provider = aws.us_east_1
  bucket   = aws_s3_bucket.errors.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "errors" {
  provider   = aws.us_east_1
  bucket     = aws_s3_bucket.errors.id
  policy     = data.aws_iam_policy_document.cloudfront_reads["errors"].json
  depends_on = [aws_s3_bucket_public_access_block.errors]
}

# Standard logging writes with the awslogsdelivery account through bucket ACLs.
resource "aws_s3_bucket" "logs" {
  bucket = var.logs_bucket_name
  tags   = local.tags
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {
      prefix = "cloudfront/"
    }
    expiration {
      days = var.log_retention_days
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# Edge code: tenant routing reads tenant -> current build from the KeyValueStore (a promotion is one key
# write, no invalidation); security headers on every response (seed 003).

resource "aws_cloudfront_key_value_store" "tenants" {
  provider = aws.us_east_1
  name     = "${var.name}-tenants"
  comment  = "Edgeplane: tenant id -> current build id, written by the distributor-service on promotion."
}

# In pointer mode (var.pointer_mode, default true) the uploaded handler reads tenant -> build from the store.
resource "aws_cloudfront_function" "routing" {
  provider                     = aws.us_east_1
  name                         = "${var.name}-tenant-routing"
  runtime                      = "cloudfront-js-2.0"
  comment                      = "Host tenant.<base> -> /tenants/{id}/deployments/{build}/..., index documents, SPA routing."
  publish                      = true
  code                         = local.routing_function_code
  key_value_store_associations = [aws_cloudfront_key_value_store.tenants.arn]
}

# Viewer request of the individual distributions the dns-service creates (edgeplane.dns.individual.
# viewer-request-function-arn): SPA routing under the distribution's own origin path, no tenant lookup.
resource "aws_cloudfront_function" "spa_routing" {
  provider = aws.us_east_1
  name     = "${var.name}-spa-routing"
  runtime  = "cloudfront-js-2.0"
  comment  = "Individual distributions: paths without an extension -> /index.html."
  publish  = true
  code     = file(local.spa_routing_function_file)
}

resource "aws_cloudfront_function" "security_headers" {
  provider = aws.us_east_1
  name     = "${var.name}-security-headers"
  runtime  = "cloudfront-js-2.0"
  comment  = "HSTS, nosniff, frame options and referrer policy on every response."
  publish  = true
  code     = file(local.security_headers_function_file)
}

# ---------------------------------------------------------------------------------------------------------
# Signed URLs for /media/*: the media-service signs with the private key of this public key (Secret
# media-service-secrets; its EDGEPLANE_MEDIA_SIGNING_KEY_PAIR_ID is output media_signing_public_key_id).

resource "aws_cloudfront_public_key" "media" {
  provider    = aws.us_east_1
  name        = "${var.name}-media-signing"
  comment     = "Edgeplane media-service: signs /media/* URLs and cookies."
  encoded_key = var.media_signing_public_key_pem
}

resource "aws_cloudfront_key_group" "media" {
  provider = aws.us_east_1
  name     = "${var.name}-media"
  comment  = "Keys whose signatures /media/* accepts."
  items    = [aws_cloudfront_public_key.media.id]
}

# ---------------------------------------------------------------------------------------------------------
# Cache policies: seed 002's TTLs; gzip and brotli in the cache key so compressed variants are cached.

resource "aws_cloudfront_cache_policy" "static" {
  provider    = aws.us_east_1
  name        = "${var.name}-static"
  comment     = "Default (/*): versioned assets, a year unless the object says otherwise; no query strings."
  min_ttl     = 0
  default_ttl = local.one_year
  max_ttl     = local.one_year

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_cache_policy" "html" {
  provider    = aws.us_east_1
  name        = "${var.name}-html"
  comment     = "*.html: an hour at most, so a deployment shows within the hour even without invalidation."
  min_ttl     = 0
  default_ttl = local.one_hour
  max_ttl     = local.one_hour

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_cache_policy" "uploads" {
  provider    = aws.us_east_1
  name        = "${var.name}-uploads"
  comment     = "/uploads/*: a day; query strings in the cache key (image transformations)."
  min_ttl     = 0
  default_ttl = local.one_day
  max_ttl     = local.one_day

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# The distribution.

resource "aws_cloudfront_distribution" "this" {
  provider            = aws.us_east_1
  enabled             = true
  comment             = "${var.name} shared distribution"
  aliases             = var.aliases
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.price_class
  web_acl_id          = local.web_acl_id
  tags                = merge(local.tags, { "edgeplane:role" = "shared" })

  origin {
    origin_id                = local.distribution_origin
    domain_name              = aws_s3_bucket.this["distribution"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id

    dynamic "origin_shield" {
      for_each = var.origin_shield_region == null ? [] : [var.origin_shield_region]
      content {
        enabled              = true
        origin_shield_region = origin_shield.value
      }
    }
  }

  origin {
    origin_id                = local.uploads_origin
    domain_name              = aws_s3_bucket.this["uploads"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id

    dynamic "origin_shield" {
      for_each = var.origin_shield_region == null ? [] : [var.origin_shield_region]
      content {
        enabled              = true
        origin_shield_region = origin_shield.value
      }
    }
  }

  origin {
    origin_id                = local.errors_origin
    domain_name              = aws_s3_bucket.errors.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  dynamic "origin" {
    for_each = var.api_origin_domain == null ? [] : [var.api_origin_domain]
    content {
      origin_id   = local.api_origin
      domain_name = origin.value
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }

  # Default (/*): static assets from the distribution bucket, a year, compressed, no query strings.
  default_cache_behavior {
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.routing.arn
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # /api/*: every method, nothing cached, all headers, cookies and query strings to the application origin.
  # First, so that an /api/ path ending in .html is never cached.
  dynamic "ordered_cache_behavior" {
    for_each = var.api_origin_domain == null ? [] : ["/api/*"]
    content {
      path_pattern             = ordered_cache_behavior.value
      target_origin_id         = local.api_origin
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods           = ["GET", "HEAD"]
      compress                 = true
      cache_policy_id          = local.managed_caching_disabled
      origin_request_policy_id = local.managed_all_viewer_except_host_header_orp

      function_association {
        event_type   = "viewer-response"
        function_arn = aws_cloudfront_function.security_headers.arn
      }
    }
  }

  # /data/* (the distributor's datasets): the same bucket, reached on any host, so without the tenant routing;
  # each object's Cache-Control (300 s) decides within the static policy's bounds.
  ordered_cache_behavior {
    path_pattern           = "/data/*"
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id

    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # /media/* (renditions, HLS; the media-service's signed URLs and cookies): viewers need a URL or cookies
  # signed with a key of the trusted key group, so an unsigned URL gets 403. Cache-Control per object (a year
  # for content-addressed renditions, short for playlists).
  ordered_cache_behavior {
    path_pattern           = "/media/*"
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.static.id
    trusted_key_groups     = [aws_cloudfront_key_group.media.id]

    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # /_errors/*: the custom error pages, from the errors origin (no tenant routing, short cache).
  ordered_cache_behavior {
    path_pattern           = "${local.error_pages_prefix}/*"
    target_origin_id       = local.errors_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.html.id

    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # /uploads/*: user uploads, a day, query strings kept for transformations.
  ordered_cache_behavior {
    path_pattern           = "/uploads/*"
    target_origin_id       = local.uploads_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.uploads.id

    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # *.html: an hour.
  ordered_cache_behavior {
    path_pattern           = "*.html"
    target_origin_id       = local.distribution_origin
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.html.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.routing.arn
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.security_headers.arn
    }
  }

  # Custom error pages (seed 002), from the errors origin (/_errors/*). S3 answers 403 for a missing key when
  # CloudFront may not list the bucket, so 403 shows the 404 page too; an unsigned /media/ URL also answers
  # 403 and shows it. Errors are cached briefly so an outage does not stick at the edge.
  custom_error_response {
    error_code            = 403
    response_code         = 404
    response_page_path    = "${local.error_pages_prefix}/404.html"
    error_caching_min_ttl = 60
  }

  custom_error_response {
    error_code            = 404
    response_code         = 404
    response_page_path    = "${local.error_pages_prefix}/404.html"
    error_caching_min_ttl = 60
  }

  custom_error_response {
    error_code            = 500
    response_code         = 500
    response_page_path    = "${local.error_pages_prefix}/500.html"
    error_caching_min_ttl = 10
  }

  custom_error_response {
    error_code            = 503
    response_code         = 503
    response_page_path    = "${local.error_pages_prefix}/503.html"
    error_caching_min_ttl = 10
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
    cloudfront_default_certificate = var.acm_certificate_arn == null
  }

  logging_config {
    bucket          = aws_s3_bucket.logs.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }

  depends_on = [aws_s3_bucket_ownership_controls.logs]

}

# ---------------------------------------------------------------------------------------------------------
# Optional WAF: AWS managed rule groups and a per-IP rate limit.

resource "aws_wafv2_web_acl" "this" {
  count    = var.create_waf ? 1 : 0
  provider = aws.us_east_1
  name     = "${var.name}-cdn"
  scope    = "CLOUDFRONT"
  tags     = local.tags

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
    priority = 10
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 20
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 30
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-cdn"
    sampled_requests_enabled   = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Monitoring: CacheHitRate and OriginLatency are additional metrics that need a monitoring subscription;
# the invalidation-service reads them (cache statistics) and these alarms watch them (seed 002).

resource "aws_cloudfront_monitoring_subscription" "this" {
  provider        = aws.us_east_1
  distribution_id = aws_cloudfront_distribution.this.id

  monitoring_subscription {
    realtime_metrics_subscription_config {
      realtime_metrics_subscription_status = "Enabled"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "cache_hit_rate" {
  provider            = aws.us_east_1
  alarm_name          = "${var.name}-cdn-cache-hit-rate-low"
  alarm_description   = "Cache hit rate below ${var.cache_hit_rate_threshold} % for 15 minutes: check Cache-Control headers, query strings in the cache key and invalidation frequency."
  namespace           = "AWS/CloudFront"
  metric_name         = "CacheHitRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "LessThanThreshold"
  threshold           = var.cache_hit_rate_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags

  dimensions = {
    DistributionId = aws_cloudfront_distribution.this.id
    Region         = "Global"
  }

  depends_on = [aws_cloudfront_monitoring_subscription.this]
}

resource "aws_cloudwatch_metric_alarm" "error_rate_5xx" {
  provider            = aws.us_east_1
  alarm_name          = "${var.name}-cdn-5xx-rate-high"
  alarm_description   = "5xx error rate above ${var.error_rate_5xx_threshold} % for 10 minutes: the origin or the edge functions fail."
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.error_rate_5xx_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags

  dimensions = {
    DistributionId = aws_cloudfront_distribution.this.id
    Region         = "Global"
  }
}
