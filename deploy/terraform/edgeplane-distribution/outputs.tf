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
    security_headers = aws_cloudfront_function.security_headers.arn
  }
}

output "buckets" {
  description = "Distribution, uploads and logs buckets."
  value = {
    distribution = aws_s3_bucket.distribution.id
    uploads      = aws_s3_bucket.uploads.id
    logs         = aws_s3_bucket.logs.id
  }
}
