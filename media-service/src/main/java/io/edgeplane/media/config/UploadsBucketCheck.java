package io.edgeplane.media.config;

import io.edgeplane.media.domain.UploadSource;
import io.edgeplane.platform.ownership.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the uploads bucket of the ownership model is unset or differs from the bucket the
 * pre-signed upload endpoint writes to: every upload event would then be refused (or dead-lettered),
 * so the missing setting is named where an operator looks ({@code /q/health/ready}, kubectl describe).
 */
@Readiness
@ApplicationScoped
public class UploadsBucketCheck implements HealthCheck {
    @Inject
    Ownership ownership;

    @Inject
    MediaConfig config;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = UploadSource.settingProblems(ownership.uploadsBucket(), config.buckets().uploads(),
                "edgeplane.media.buckets.uploads");
        var response = HealthCheckResponse.named("media-uploads-bucket").status(problems.isEmpty())
                .withData("setting", UploadSource.UPLOADS_BUCKET_SETTING);
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem-" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
