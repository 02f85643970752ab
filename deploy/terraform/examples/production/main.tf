# How a platform team instantiates the shared distribution. `terraform init && terraform plan`.
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "edgeplane_distribution" {
  source = "../../edgeplane-distribution"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                     = "edgeplane-prod"
  distribution_bucket_name = "example-edgeplane-distribution"
  uploads_bucket_name      = "example-edgeplane-uploads"
  logs_bucket_name         = "example-edgeplane-cdn-logs"
  source_bucket_name       = "example-edgeplane-source"
  builds_bucket_name       = "example-edgeplane-builds"
  errors_bucket_name       = "example-edgeplane-errors"
  # Tenant hosts are <tenant>.sites.example.com: the dns-service's edgeplane.dns.zones."sites.example.com".
  base_domains                 = ["sites.example.com"]
  pointer_mode                 = true
  media_signing_public_key_pem = file("${path.module}/media-signing-public-key.pem")
  aliases                  = ["cdn.example.com", "*.sites.example.com"]
  acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000"
  origin_shield_region     = "eu-west-1"
  price_class              = "PriceClass_200"
  create_waf               = true
}

output "distribution_id" {
  value = module.edgeplane_distribution.distribution_id
}

output "function_arns" {
  value = module.edgeplane_distribution.function_arns
}

output "buckets" {
  value = module.edgeplane_distribution.buckets
}

# Everything the deploy/README.md walkthrough copies into the IAM policies and the prod overlay.
output "distribution_arn" {
  value = module.edgeplane_distribution.distribution_arn
}

output "distribution_domain_name" {
  value = module.edgeplane_distribution.distribution_domain_name
}

output "key_value_store_arn" {
  value = module.edgeplane_distribution.key_value_store_arn
}

output "origin_access_control_id" {
  value = module.edgeplane_distribution.origin_access_control_id
}

output "distribution_bucket_regional_domain_name" {
  value = module.edgeplane_distribution.distribution_bucket_regional_domain_name
}

output "media_signing_public_key_id" {
  value = module.edgeplane_distribution.media_signing_public_key_id
}

# CloudFront SaaS Manager: the dns-service's EDGEPLANE_DNS_SAAS_DISTRIBUTION_ID and the records' target.
output "multitenant_distribution_id" {
  value = module.edgeplane_distribution.multitenant_distribution_id
}

output "connection_group_routing_endpoint" {
  value = module.edgeplane_distribution.connection_group_routing_endpoint
}
