package io.edgeplane.media.domain;

/** Signs CloudFront URLs with the private key of a trusted key group. */
public interface UrlSigner {
    /** Whether a key pair id and private key are configured. */
    boolean configured();

    SignedAccess sign(SignatureRequest request);
}
