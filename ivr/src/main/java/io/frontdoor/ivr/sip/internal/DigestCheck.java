package io.frontdoor.ivr.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.sip.header.AuthorizationHeader;

/**
 * Checks an HTTP digest answer (RFC 2617, MD5, with or without {@code qop=auth}), the scheme SIP
 * phones use to register. The nonce's freshness is the caller's business.
 */
public final class DigestCheck {
    private DigestCheck() {
    }

    /** Whether {@code auth} proves knowledge of {@code password} for {@code method}. */
    public static boolean verify(AuthorizationHeader auth, String method, String realm, String password) {
        if (auth.getResponse() == null || auth.getUsername() == null || auth.getURI() == null
                || !realm.equals(auth.getRealm())
                || (auth.getAlgorithm() != null && !"MD5".equalsIgnoreCase(auth.getAlgorithm()))) {
            return false;
        }
        String ha1 = md5(auth.getUsername() + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + auth.getURI());
        String qop = auth.getQop();
        String expected = qop == null || qop.isEmpty()
                ? md5(ha1 + ":" + auth.getNonce() + ":" + ha2)
                : md5(ha1 + ":" + auth.getNonce() + ":" + String.format("%08x", auth.getNonceCount()) + ":"
                        + auth.getCNonce() + ":" + qop + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.getResponse().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
