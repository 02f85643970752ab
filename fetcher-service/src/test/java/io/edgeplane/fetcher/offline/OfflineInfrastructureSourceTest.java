package io.edgeplane.fetcher.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.fetcher.domain.RegionInfo;
import io.edgeplane.fetcher.domain.ServiceInfo;
import org.junit.jupiter.api.Test;

class OfflineInfrastructureSourceTest {

    @Test
    void bundledSnapshotHoldsTheCurrentRegionsAndServicesWithLongNames() {
        var snapshot = OfflineInfrastructureSource.bundled().fetch();
        assertThat(snapshot.source()).isEqualTo("offline");
        assertThat(snapshot.regions()).hasSizeGreaterThanOrEqualTo(35)
                .contains(new RegionInfo("us-east-1", "US East (N. Virginia)", "aws"),
                        new RegionInfo("eu-central-1", "Europe (Frankfurt)", "aws"),
                        new RegionInfo("cn-north-1", "China (Beijing)", "aws-cn"),
                        new RegionInfo("us-gov-west-1", "AWS GovCloud (US-West)", "aws-us-gov"));
        assertThat(snapshot.services()).hasSizeGreaterThanOrEqualTo(100)
                .contains(new ServiceInfo("s3", "Amazon Simple Storage Service (S3)"),
                        new ServiceInfo("cloudfront", "Amazon CloudFront"));
        assertThat(snapshot.servicesByRegion().get("us-east-1")).contains("s3", "lambda", "ec2", "cloudfront");
        assertThat(snapshot.servicesByRegion().keySet()).allSatisfy(region ->
                assertThat(snapshot.regions()).extracting(RegionInfo::code).contains(region));
    }
}
