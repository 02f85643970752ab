package io.edgeplane.distributor.deployment.aws;

import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.PointerStoreException;
import io.edgeplane.platform.aws.AwsErrors;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.CloudFrontKeyValueStoreClient;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.model.ConflictException;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.model.ResourceNotFoundException;

/**
 * The CloudFront KeyValueStore data-plane API (DescribeKeyValueStore for the ETag, GetKey, PutKey
 * with If-Match), signed with SigV4a (needs {@code software.amazon.awssdk:http-auth-aws-crt}).
 */
public final class KeyValueStorePointerStore implements PointerStore {
    private final CloudFrontKeyValueStoreClient client;
    private final String kvsArn;

    public KeyValueStorePointerStore(CloudFrontKeyValueStoreClient client, String kvsArn) {
        this.client = client;
        this.kvsArn = kvsArn;
    }

    @Override
    public String version() {
        return call("DescribeKeyValueStore", () -> client.describeKeyValueStore(r -> r.kvsARN(kvsArn)).eTag());
    }

    @Override
    public Optional<String> get(String key) {
        try {
            return Optional.of(call("GetKey", () -> client.getKey(r -> r.kvsARN(kvsArn).key(key)).value()));
        } catch (PointerStoreException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty(); // the key is absent (DescribeKeyValueStore would have failed for the store)
            }
            throw e;
        }
    }

    @Override
    public String put(String key, String value, String ifMatch) {
        return call("PutKey", () -> client.putKey(r -> r.kvsARN(kvsArn).key(key).value(value).ifMatch(ifMatch)).eTag());
    }

    private <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            boolean conflict = e instanceof ConflictException
                    || (e instanceof AwsServiceException s && s.statusCode() == 412);
            throw new PointerStoreException(operation + " on " + kvsArn + " failed: " + AwsErrors.code(e) + " "
                    + e.getMessage(), conflict, !conflict && AwsErrors.isTransient(e), e);
        }
    }
}
