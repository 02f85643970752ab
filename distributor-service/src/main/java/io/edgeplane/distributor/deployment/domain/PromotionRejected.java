package io.edgeplane.distributor.deployment.domain;

/**
 * A promotion that cannot succeed as asked (too many deletes, an empty or vanished build, a mode the
 * target cannot use...). Nothing viewers get was changed, or what was is recorded; the caller
 * reports it loudly (dead letter with this message, 409, metric by {@link #reason()}).
 *
 * @see Reason
 */
public class PromotionRejected extends RuntimeException {
    public enum Reason {
        MAX_DELETES("max-deletes"), EMPTY_BUILD("empty-build"), RESERVED_BUILD_ID("reserved-build-id"),
        IMMUTABLE_BUILD("immutable-build"), MODE_UNAVAILABLE("mode-unavailable"), COPY_FAILED("copy-failed"),
        NOTHING_TO_ROLL_BACK("nothing-to-roll-back"), NOT_CONFIGURED("not-configured");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
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
