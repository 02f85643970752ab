#!/usr/bin/env bash
# One-shot (docker compose service init-aws) against the moto server: the three buckets, the hosted zone of the
# base domain, an origin access control and the shared distribution; then writes what moto generated (ids) to
# /run/edgeplane/aws.env, which every service sources into its environment before it starts. Idempotent.
set -euo pipefail
awsm() { aws --endpoint-url "$AWS_ENDPOINT_URL" --region us-east-1 --output text "$@"; }
BASE_DOMAIN="${EDGEPLANE_BASE_DOMAIN:-edgeplane.test}"

for bucket in edgeplane-source edgeplane-distribution edgeplane-uploads; do
  awsm s3api head-bucket --bucket "$bucket" 2>/dev/null || awsm s3api create-bucket --bucket "$bucket" >/dev/null
  echo "bucket $bucket"
done

ZONE_ID=$(awsm route53 list-hosted-zones-by-name --dns-name "$BASE_DOMAIN" \
  --query "HostedZones[?Name=='$BASE_DOMAIN.'].Id | [0]")
if [ -z "$ZONE_ID" ] || [ "$ZONE_ID" = None ]; then
  ZONE_ID=$(awsm route53 create-hosted-zone --name "$BASE_DOMAIN" --caller-reference "edgeplane-$BASE_DOMAIN" \
    --query HostedZone.Id)
fi
ZONE_ID="${ZONE_ID#/hostedzone/}"
echo "hosted zone $BASE_DOMAIN $ZONE_ID"

OAC_ID=$(awsm cloudfront list-origin-access-controls \
  --query "OriginAccessControlList.Items[?Name=='edgeplane-s3'].Id | [0]" 2>/dev/null || echo None)
if [ -z "$OAC_ID" ] || [ "$OAC_ID" = None ]; then
  OAC_ID=$(awsm cloudfront create-origin-access-control --origin-access-control-config \
    Name=edgeplane-s3,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3 \
    --query OriginAccessControl.Id)
fi
echo "origin access control $OAC_ID"

read -r DIST_ID DIST_DOMAIN < <(awsm cloudfront list-distributions \
  --query "DistributionList.Items[?Comment=='edgeplane shared distribution'] | [0].[Id, DomainName]" || true)
if [ -z "${DIST_ID:-}" ] || [ "$DIST_ID" = None ]; then
  sed "s/OAC_ID/$OAC_ID/" /init/shared-distribution.json > /tmp/shared-distribution.json
  read -r DIST_ID DIST_DOMAIN < <(awsm cloudfront create-distribution \
    --distribution-config file:///tmp/shared-distribution.json --query "Distribution.[Id, DomainName]")
fi
echo "shared distribution $DIST_ID $DIST_DOMAIN"

# Some CloudWatch figures for the cache statistics panels (moto serves whatever was put).
awsm cloudwatch put-metric-data --namespace AWS/CloudFront --metric-name CacheHitRate --unit Percent --value 91 \
  --dimensions DistributionId="$DIST_ID",Region=Global 2>/dev/null || echo "(moto refused sample CloudWatch data)"

mkdir -p /run/edgeplane
cat > /run/edgeplane/aws.env.tmp <<ENV
EDGEPLANE_DISTRIBUTOR_DISTRIBUTION_ID=$DIST_ID
EDGEPLANE_INVALIDATION_STATISTICS_DISTRIBUTIONS=$DIST_ID
EDGEPLANE_DNS_SHARED_DISTRIBUTION_ID=$DIST_ID
EDGEPLANE_DNS_SHARED_DOMAIN_NAME=$DIST_DOMAIN
EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_ACCESS_CONTROL_ID=$OAC_ID
EDGEPLANE_DNS_ZONE_OPTION='-Dedgeplane.dns.zones."$BASE_DOMAIN"=$ZONE_ID'
EDGEPLANE_MEDIA_CDN_DISTRIBUTION_ID=$DIST_ID
EDGEPLANE_MEDIA_CDN_DOMAIN=$DIST_DOMAIN
ENV
mv /run/edgeplane/aws.env.tmp /run/edgeplane/aws.env
chmod 0644 /run/edgeplane/aws.env
echo "init-aws: wrote /run/edgeplane/aws.env"
