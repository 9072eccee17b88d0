package io.frontdoor.ivr.sip;

import java.util.Objects;

/**
 * The SIP trunk FrontDoor dials out through (callbacks, transfers to outside numbers).
 *
 * @param host     where the Request-URI points: {@code host} or {@code host:port} ({@code sip:<number>@host})
 * @param proxy    outbound proxy as {@code host:port}, or empty to send straight to {@code host}
 * @param user     digest user name, or empty when the trunk asks for none
 * @param password digest password
 * @param callerId number presented as the caller (From user), or empty
 */
public record SipTrunk(String host, String proxy, String user, String password, String callerId) {
    public SipTrunk {
        Objects.requireNonNull(host, "host");
        proxy = proxy == null ? "" : proxy;
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        callerId = callerId == null ? "" : callerId;
    }

    public boolean configured() {
        return !host.isBlank();
    }

    /** No trunk: nothing can be dialled out. */
    public static SipTrunk none() {
        return new SipTrunk("", "", "", "", "");
    }
}
