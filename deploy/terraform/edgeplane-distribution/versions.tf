terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.80+: CloudFront KeyValueStore, key value store associations on functions, http2and3, origin shield.
      # 6.28+: aws_cloudfront_multitenant_distribution, aws_cloudfront_connection_group (CloudFront SaaS Manager);
      # 6.29 fixes origin access control on a multi-tenant distribution's origins.
      version                = ">= 6.29.0"
      configuration_aliases  = [aws.us_east_1]
    }
  }
}
