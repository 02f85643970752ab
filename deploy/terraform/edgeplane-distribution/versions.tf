terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.80+: CloudFront KeyValueStore, key value store associations on functions, http2and3, origin shield.
      version                = ">= 5.80.0"
      configuration_aliases  = [aws.us_east_1]
    }
  }
}
