package io.frontdoor.ivr.desktop;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The screen-pop webhook's signature: {@code sha256=} and the lower-case hex HMAC-SHA256 of
 * {@code timestamp + "." + body}, and its check on the receiving side.
 */
final class WebhookSignature {
    private static final String HMAC = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The {@code X-FrontDoor-Signature} value for a body signed at {@code timestamp} (unix seconds). */
    static String sign(byte[] secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    private static byte[] hmac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Checks a received screen pop: the signature must match (compared in constant time) and the
     * timestamp be within {@code tolerance} of {@code now}, either way (an old request replayed is
     * refused; so is one from a clock far ahead).
     *
     * @param secret    the shared secret (UTF-8 bytes of the configured {@code screenpop.secret})
     * @param timestamp the {@code X-FrontDoor-Timestamp} header
     * @param signature the {@code X-FrontDoor-Signature} header
     * @param body      the request body exactly as received (bytes, not re-serialised JSON)
     * @param tolerance how old a request may be, e.g. 5 minutes
     * @return whether the request is genuine and fresh; {@code false} for any missing or malformed part
     */
    static boolean verify(String secret, String timestamp, String signature, byte[] body, Duration tolerance,
            Instant now) {
        if (secret == null || secret.isEmpty() || timestamp == null || signature == null || body == null
                || tolerance == null || now == null || !signature.startsWith(PREFIX)) {
            return false;
        }
        long ts;
        byte[] claimed;
        try {
            ts = Long.parseLong(timestamp.trim());
            claimed = HexFormat.of().parseHex(signature.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        long age = now.getEpochSecond() - ts;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret.getBytes(StandardCharsets.UTF_8), ts, body), claimed);
    }
}
