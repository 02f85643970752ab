package io.edgeplane.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Accepts a token whose SHA-256 is configured; the identity is named after the digest's first 8 hex digits. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    public static final String OPERATOR_ROLE = "operator";

    private final List<byte[]> digests;

    @Inject
    public ApiTokenIdentityProvider(ApiTokenConfig config) {
        this.digests = config.apiTokenSha256().orElse(List.of()).stream()
                .map(hex -> HexFormat.of().parseHex(hex.trim().toLowerCase(Locale.ROOT))).toList();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] digest = sha256(request.getToken().getToken());
        boolean known = false;
        for (byte[] candidate : digests) {
            // Constant-time comparison, and no early exit, so timing reveals nothing about the tokens.
            known |= MessageDigest.isEqual(candidate, digest);
        }
        if (!known) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown API token"));
        }
        String name = "api-token:" + HexFormat.of().formatHex(digest).substring(0, 8);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRole(OPERATOR_ROLE)
                .addCredential(request.getToken())
                .build());
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
