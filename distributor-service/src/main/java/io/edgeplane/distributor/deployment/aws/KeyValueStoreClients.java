package io.edgeplane.distributor.deployment.aws;

import java.net.URI;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.CloudFrontKeyValueStoreClientBuilder;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.endpoints.CloudFrontKeyValueStoreEndpointProvider;

/**
 * The KeyValueStore's endpoint rules put the account id of the ARN in front of the host
 * ({@code 123456789012.cloudfront-kvs.global.api.aws}); they do that to an endpoint override too,
 * which then does not resolve. A local or test endpoint is therefore pinned as-is, keeping the rules'
 * signing properties.
 */
public final class KeyValueStoreClients {
    public static CloudFrontKeyValueStoreClientBuilder pinEndpoint(CloudFrontKeyValueStoreClientBuilder builder, URI endpoint) {
        // Keep what the rules say about signing (SigV4a, region set "*"); replace only the address.
        CloudFrontKeyValueStoreEndpointProvider rules = CloudFrontKeyValueStoreEndpointProvider.defaultProvider();
        return builder.endpointProvider(params -> rules.resolveEndpoint(params).thenApply(e -> e.toBuilder().url(endpoint).build()));
    }

    private KeyValueStoreClients() {
    }
}
