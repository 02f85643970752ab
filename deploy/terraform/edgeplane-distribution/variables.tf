variable "name" {
  description = "Prefix of every resource name, e.g. edgeplane-prod."
  type        = string
  default     = "edgeplane"
}

variable "distribution_bucket_name" {
  description = "Bucket the distributor-service and media-service write to and CloudFront serves (the default origin)."
  type        = string
}

variable "uploads_bucket_name" {
  description = "Bucket of user uploads, served under /uploads/* (seed 002: 1 day, query strings kept for transformations)."
  type        = string
}

variable "logs_bucket_name" {
  description = "Bucket for CloudFront standard logs (created here, ACLs enabled as standard logging requires)."
  type        = string
}

variable "log_retention_days" {
  description = "Days CloudFront access logs are kept."
  type        = number
  default     = 90
}

variable "aliases" {
  description = "Alternate domain names, e.g. [\"cdn.example.com\", \"*.tenants.example.com\"]. Needs acm_certificate_arn."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 covering the aliases. Null: the *.cloudfront.net certificate."
  type        = string
  default     = null
}

variable "price_class" {
  description = "PriceClass_100 (North America, Europe), PriceClass_200 (adds Asia, Middle East, Africa) or PriceClass_All."
  type        = string
  default     = "PriceClass_200"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "origin_shield_region" {
  description = "Region of the Origin Shield in front of the S3 origins (the bucket's region is usually best). Null disables it."
  type        = string
  default     = "us-east-1"
}

variable "api_origin_domain" {
  description = "Domain of an application origin (ALB, API Gateway) served uncached under /api/*. Null: no /api/* behaviour."
  type        = string
  default     = null
}

variable "web_acl_arn" {
  description = "An existing WAFv2 web ACL (scope CLOUDFRONT) to attach. Ignored when create_waf is true."
  type        = string
  default     = null
}

variable "create_waf" {
  description = "Create a WAFv2 web ACL with AWS managed rules and a per-IP rate limit, and attach it."
  type        = bool
  default     = false
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes from one IP before the WAF blocks it (create_waf only)."
  type        = number
  default     = 2000
}

variable "routing_function_file" {
  description = "CloudFront Function (viewer-request) routing tenant hosts to their current build, from edge-functions/."
  type        = string
  default     = null
}

variable "security_headers_function_file" {
  description = "CloudFront Function (viewer-response) adding the security headers, from edge-functions/."
  type        = string
  default     = null
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified by the CloudWatch alarms (cache hit rate, 5xx rate)."
  type        = list(string)
  default     = []
}

variable "cache_hit_rate_threshold" {
  description = "Alarm when the cache hit rate (percent) stays below this (seed 002: 80)."
  type        = number
  default     = 80
}

variable "error_rate_5xx_threshold" {
  description = "Alarm when the 5xx error rate (percent) stays above this (seed 002: 5)."
  type        = number
  default     = 5
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}

variable "base_domains" {
  description = "Base domains of tenant hosts (<tenant>.<base domain>): the keys of the dns-service's edgeplane.dns.zones. The routing function is rendered with them; each needs the alias *.<base domain>."
  type        = list(string)

  validation {
    condition     = length(var.base_domains) > 0 && alltrue([for d in var.base_domains : can(regex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", d)) && !strcontains(d, ",")])
    error_message = "base_domains: at least one lower-case domain name."
  }
}

variable "pointer_mode" {
  description = "The routing function reads tenant -> build from the KeyValueStore (the distributor-service's pointer promotions). Keep true while the distributor-service's pointer adapter is configured (deploy/k8s does); a tenant without a key is served from current/ either way."
  type        = bool
  default     = true
}

variable "source_bucket_name" {
  description = "State bucket: the fetcher-service writes aws-data/ (edgeplane.fetcher.output-bucket), the distributor-service keeps its manifests and histories under distributor-state/ (edgeplane.distributor.state.bucket) and the media-service its per-item manifests under manifests/media/ (edgeplane.media.manifest.bucket). Private; no CloudFront access; never a builds bucket (deploy/iam/README.md)."
  type        = string
}

variable "builds_bucket_name" {
  description = "Bucket tenants' and sites' CI uploads builds to (tenants/{id}/builds/, sites/{id}/builds/): edgeplane.ownership.builds-buckets. Private, versioned; only the distributor-service reads it."
  type        = string
}

variable "errors_bucket_name" {
  description = "Bucket (created in us-east-1) holding the custom error pages under _errors/ (404.html, 500.html, 503.html), a separate origin so error pages survive a content-origin failure."
  type        = string
}

variable "media_signing_public_key_pem" {
  description = "PEM public key of the media-service's CloudFront signing key pair (openssl rsa -pubout). Its key group is the only one /media/* trusts."
  type        = string
}

variable "connection_group_name" {
  description = "Connection group of the distribution tenants (its routing endpoint is the CNAME target of their domains): the dns-service's edgeplane.dns.saas.connection-group."
  type        = string
  default     = "edgeplane-tenants"
}
