package io.frontdoor.ivr.caller;

import io.frontdoor.ivr.call.Call;
import java.util.Locale;
import java.util.Set;

/**
 * When a caller ID is trusted enough to speak a customer's name. Caller IDs can be spoofed, so a
 * name is only said when the call arrived where the network vouches for the number.
 *
 * <ul>
 *   <li>{@code entry-points} (default): trusted when the call entered through a trusted entry point
 *       (Asterisk context, FreeSWITCH context, SIP trunk); {@code *} trusts every entry point.</li>
 *   <li>{@code attestation} (stricter): as above, and the switch must also pass a STIR/SHAKEN
 *       attestation level the bank accepts (default only {@code A}) in a channel variable.</li>
 *   <li>{@code never}: names are never spoken; known callers get the generic or first-time welcome.</li>
 * </ul>
 */
public final class TrustPolicy {

    /** How trust is decided. */
    public enum Mode {
        ENTRY_POINTS, ATTESTATION, NEVER;

        /** Parses {@code entry-points}, {@code attestation}, {@code never}. */
        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "entry-points" -> ENTRY_POINTS;
                case "attestation" -> ATTESTATION;
                case "never" -> NEVER;
                default -> throw new IllegalArgumentException(
                        "unknown caller-ID trust mode '" + text + "' (entry-points, attestation or never)");
            };
        }
    }

    private final Mode mode;
    private final Set<String> trustedEntryPoints;
    private final String attestationVariable;
    private final Set<String> acceptedLevels;

    public TrustPolicy(Mode mode, Set<String> trustedEntryPoints, String attestationVariable, Set<String> acceptedLevels) {
        this.mode = mode;
        this.trustedEntryPoints = Set.copyOf(trustedEntryPoints);
        this.attestationVariable = attestationVariable;
        this.acceptedLevels = acceptedLevels.stream().map(l -> l.trim().toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Trusts every entry point: the default. */
    public static TrustPolicy trustAll() {
        return new TrustPolicy(Mode.ENTRY_POINTS, Set.of("*"), "FRONTDOOR_ATTESTATION", Set.of("A"));
    }

    public Mode mode() {
        return mode;
    }

    /** Whether this mode reads a channel variable (a round trip to the switch). */
    public boolean needsSwitchVariable() {
        return mode == Mode.ATTESTATION;
    }

    /** Decides for one call; may read the attestation variable from the switch. */
    public boolean trusts(Call call) {
        if (mode == Mode.NEVER) {
            return false;
        }
        boolean entryTrusted = trustedEntryPoints.contains("*")
                || (call.entryPoint() != null && trustedEntryPoints.contains(call.entryPoint()));
        if (!entryTrusted || mode == Mode.ENTRY_POINTS) {
            return entryTrusted;
        }
        String level = call.variable(attestationVariable);
        return level != null && acceptedLevels.contains(level.trim().toUpperCase(Locale.ROOT));
    }
}
