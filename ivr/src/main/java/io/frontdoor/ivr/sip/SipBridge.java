package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sip.address.SipURI;

/**
 * A call connected to a second leg that FrontDoor dials (an agent, an outside number): the B2BUA
 * part. The second leg is offered only the first leg's codec, so RTP is relayed packet for packet
 * in both directions without transcoding. When either side hangs up the other is hung up too.
 */
final class SipBridge {
    private final OutboundInvite leg;

    private SipBridge(OutboundInvite leg) {
        this.leg = leg;
    }

    /** The second leg was not answered: its final status (408 when it rang out), and why. */
    static final class NotAnsweredException extends CallFailedException {
        private static final long serialVersionUID = 1L;
        private final int status;

        NotAnsweredException(int status, String reason) {
            super("the far end did not answer: " + status + " " + reason);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Dials {@code target} and, once it answers, relays media between it and {@code callRtp}.
     * Whatever {@code callRtp} plays (the hold prompt) goes on while the target rings.
     *
     * @param ring     how long the target may ring before it is cancelled (408)
     * @param callerUp false once the first leg has hung up: the ringing is cancelled
     * @param onEnd    run once when the second leg ends (its BYE or ours)
     * @throws NotAnsweredException when the target does not answer (busy, refused, no answer, the
     *                              caller hung up meanwhile)
     * @throws CallFailedException  when it cannot be dialled at all
     */
    static SipBridge connect(SipEndpoint endpoint, RtpSession callRtp, SipURI target, String fromUser, SipTrunk via,
            Map<String, String> headers, Duration ring, BooleanSupplier callerUp, Runnable onEnd) {
        RtpSession legRtp;
        OutboundInvite leg;
        try {
            legRtp = endpoint.newRtp(new RtpSession.Listener() { });
            String sdp = Sdp.describe(System.nanoTime() & 0xffffff, 1, endpoint.settings().mediaAddress(),
                    legRtp.localPort(), List.of(callRtp.codec()), Sdp.OFFERED_EVENT_PT, Sdp.Direction.SENDRECV);
            leg = new OutboundInvite(endpoint, target, fromUser, via.proxy(), via, legRtp, sdp, headers);
        } catch (Exception e) {
            throw new CallFailedException("cannot dial " + target.getUser() + ": " + e.getMessage(), e);
        }
        endpoint.register(leg.callId(), leg);
        OutboundInvite.Outcome o;
        var answer = leg.start(ring);
        long end = System.nanoTime() + ring.toNanos() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (true) {
                try {
                    o = answer.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException ringing) {
                    if (!callerUp.getAsBoolean()) {
                        leg.hangup(); // CANCEL: the caller is gone
                    } else if (System.nanoTime() > end) {
                        o = new OutboundInvite.Outcome(500, "no final answer", null);
                        break;
                    }
                }
            }
        } catch (Exception e) {
            o = new OutboundInvite.Outcome(500, e.toString(), null);
        }
        if (!o.answered()) {
            endpoint.forget(leg.callId());
            legRtp.close();
            throw new NotAnsweredException(o.status(), o.reason());
        }
        callRtp.stopPlayback();
        callRtp.relayTo(legRtp);
        legRtp.relayTo(callRtp);
        leg.onEnded(why -> {
            endpoint.forget(leg.callId());
            onEnd.run();
        });
        return new SipBridge(leg);
    }

    /** Hangs up the second leg (the first one is gone). */
    void hangup() {
        leg.hangup();
    }

    /**
     * The call's variables as headers for the agent's INVITE: {@code FRONTDOOR_CUSTOMER_ID} becomes
     * {@code X-FrontDoor-Customer-Id}; values are cut to one line of at most 200 characters.
     */
    static Map<String, String> headers(Map<String, String> variables) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : variables.entrySet()) {
            if (out.size() >= 20) {
                break;
            }
            String name = e.getKey().replaceFirst("(?i)^frontdoor_", "");
            if (!name.matches("[A-Za-z0-9_]{1,40}")) {
                continue;
            }
            StringBuilder header = new StringBuilder("X-FrontDoor");
            for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
                if (!part.isEmpty()) {
                    header.append('-').append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
            String value = e.getValue() == null ? "" : e.getValue().replaceAll("[\\r\\n\\x00-\\x1f]", " ");
            out.put(header.toString(), value.length() > 200 ? value.substring(0, 200) : value);
        }
        return out;
    }
}
