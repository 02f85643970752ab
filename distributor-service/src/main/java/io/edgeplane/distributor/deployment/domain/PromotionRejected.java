package io.edgeplane.distributor.deployment.domain;

/**
 * A promotion that cannot succeed as asked (a build that is not the target's own, too many deletes, an
 * empty or vanished build, a mode the target cannot use, S3 failing beyond the retries...). Nothing
 * viewers get was changed, or what was is recorded; the caller reports it loudly (DeploymentFailed with
 * {@link Reason#code()} as its rule, dead letter with this message, 409, metric by {@link #reason()}).
 *
 * @see Reason
 */
public class PromotionRejected extends RuntimeException {
    public enum Reason {
        FOREIGN_SOURCE("foreign-source"), MAX_DELETES("max-deletes"), MISSING_BUILD("missing-build"),
        RESERVED_BUILD_ID("reserved-build-id"), IMMUTABLE_BUILD("immutable-build"), MODE_UNAVAILABLE("mode-unavailable"),
        COPY_FAILED("copy-failed"), S3_FAILURE("s3-failure"), NOTHING_TO_ROLL_BACK("nothing-to-roll-back"),
        NOT_CONFIGURED("not-configured"), INTERNAL_ERROR("internal-error");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /**
         * Whether replaying the record can ever succeed (after a fix: a raised delete guard, S3 back, a
         * configured bucket). A build that is not the target's own, or a reserved build id, is refused again
         * however often it is replayed: the DeploymentFailed is the whole answer, and the dead-letter topic
         * stays for what an operator can act on.
         */
        public boolean replayable() {
            return this != FOREIGN_SOURCE && this != RESERVED_BUILD_ID;
        }

        /**
         * The service could not do its job (S3 failing for good, no distribution bucket, a bug): an operator's
         * problem, logged at ERROR. Every other reason is the input's fault (a hostile or bad event), a WARN.
         */
        public boolean serviceFault() {
            return this == S3_FAILURE || this == NOT_CONFIGURED || this == INTERNAL_ERROR;
        }
    }

    private final Reason reason;

    public PromotionRejected(Reason reason, String message) {
        super(reason.code() + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
