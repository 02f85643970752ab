package io.edgeplane.platform.ownership;

/**
 * Why a value lies outside what its owner may touch.
 *
 * @param rule   a stable, specific rule name ({@link Ownership#FOREIGN_SOURCE}, {@link Ownership#OUTSIDE_TENANT},
 *               {@link Ownership#OWNER_ROOT}, {@link Ownership#PATH_TRAVERSAL}, {@link Ownership#ENCODING})
 * @param value  the refused value as it arrived
 * @param reason one sentence for the failure event, naming the root it had to stay in
 */
public record Refusal(String rule, String value, String reason) {
    @Override
    public String toString() {
        return reason + " [" + rule + "]";
    }
}
