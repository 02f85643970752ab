package io.edgeplane.invalidation.rest;

import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.platform.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** CloudFront's refusals as problem+json: unknown distribution or invalidation 404,
 * throttled or held by another replica 503, the rest 502. */
public class CloudFrontFailureMapper {

    @ServerExceptionMapper
    public Response failure(CloudFrontFailure e) {
        int status = switch (e.code()) {
            case CloudFrontFailure.NO_SUCH_DISTRIBUTION, CloudFrontFailure.NO_SUCH_INVALIDATION -> 404;
            // Retry later: CloudFront or this replica's share of the account's budget has no room now.
            case CloudFrontFailure.THROTTLING, CloudFrontFailure.NO_BUDGET, CloudFrontFailure.HELD_ELSEWHERE -> 503;
            default -> 502;
        };
        return new Problem("https://edgeplane.io/problems/cloudfront", "CloudFront: " + e.code(), status,
                e.getMessage(), List.of()).toResponse();
    }
}
