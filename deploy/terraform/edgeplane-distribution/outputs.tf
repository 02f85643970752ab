output "distribution_id" {
  description = "Id of the shared distribution: the services' distribution-id setting and the FilesDistributed distributionId."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the shared distribution (IAM policies of the invalidation-service and distributor-service)."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "dXXXX.cloudfront.net: the ALIAS/CNAME target of tenant records in the shared strategy."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_hosted_zone_id" {
  description = "Z2FDTNDATAQYW2, the hosted zone of every CloudFront distribution (ALIAS records)."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "key_value_store_arn" {
  description = "KeyValueStore tenant -> current build; the distributor-service writes it in pointer mode."
  value       = aws_cloudfront_key_value_store.tenants.arn
}

output "origin_access_control_id" {
  description = "Origin access control of the S3 origins; the dns-service reuses it for individual distributions."
  value       = aws_cloudfront_origin_access_control.s3.id
}

output "cache_policy_ids" {
  description = "Cache policies of seed 002's behaviours, for individual distributions built like this one."
  value = {
    static  = aws_cloudfront_cache_policy.static.id
    html    = aws_cloudfront_cache_policy.html.id
    uploads = aws_cloudfront_cache_policy.uploads.id
  }
}

output "function_arns" {
  description = "The routing (viewer-request) and security-header (viewer-response) functions."
  value = {
    routing          = aws_cloudfront_function.routing.arn
    spa_routing      = aws_cloudfront_function.spa_routing.arn
    security_headers = aws_cloudfront_function.security_headers.arn
  }
}

output "buckets" {
  description = "Distribution, uploads, source, builds, errors and logs buckets."
  value = merge({ for k, b in aws_s3_bucket.this : k => b.id }, {
    errors = aws_s3_bucket.errors.id
    logs   = aws_s3_bucket.logs.id
  })
}

output "distribution_bucket_regional_domain_name" {
  description = "S3 origin of individual distributions: the dns-service's edgeplane.dns.individual.origin-domain."
  value       = aws_s3_bucket.this["distribution"].bucket_regional_domain_name
}

output "media_signing_public_key_id" {
  description = "Id of the media signing public key: the media-service's edgeplane.media.signing.key-pair-id."
  value       = aws_cloudfront_public_key.media.id
}

output "media_key_group_id" {
  description = "Trusted key group of the /media/* behaviour."
  value       = aws_cloudfront_key_group.media.id
}

output "multitenant_distribution_id" {
  description = "Id of the multi-tenant distribution (CloudFront SaaS Manager): the dns-service's edgeplane.dns.saas.distribution-id."
  value       = aws_cloudfront_multitenant_distribution.tenants.id
}

output "multitenant_distribution_arn" {
  description = "ARN of the multi-tenant distribution."
  value       = aws_cloudfront_multitenant_distribution.tenants.arn
}

output "connection_group_id" {
  description = "Id of the connection group edgeplane-tenants of the distribution tenants."
  value       = aws_cloudfront_connection_group.tenants.id
}

output "connection_group_routing_endpoint" {
  description = "dXXXX.cloudfront.net of the connection group: the CNAME/ALIAS target of every distribution tenant's domains."
  value       = aws_cloudfront_connection_group.tenants.routing_endpoint
}
