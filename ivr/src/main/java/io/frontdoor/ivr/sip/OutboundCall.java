package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sip.address.SipURI;

/** A call the endpoint places to run a flow on once answered (a callback to a customer). */
final class OutboundCall {
    private OutboundCall() {
    }

    /**
     * Places a call to {@code target} and, when it is answered, runs the handler on it as flow
     * {@code flow} with {@code variables} set (a callback's ids). {@code onAnswer} is told the
     * final status first (2xx: answered).
     */
    static void dial(SipEndpoint endpoint, SipURI target, String number, SipTrunk via, Duration ring, String flow,
            Map<String, String> variables, Consumer<OutboundInvite.Outcome> onAnswer) {
        SipCall[] holder = new SipCall[1];
        RtpSession rtp;
        OutboundInvite leg;
        try {
            rtp = endpoint.newRtp(new RtpSession.Listener() {
                @Override
                public void digit(char digit) {
                    if (holder[0] != null) {
                        holder[0].digitByInfo(digit);
                    }
                }

                @Override
                public void played(long id, boolean completed) {
                    if (holder[0] != null) {
                        holder[0].mediaListener().played(id, completed);
                    }
                }

                @Override
                public void audio(byte[] pcm, int length) {
                    if (holder[0] != null) {
                        holder[0].mediaListener().audio(pcm, length);
                    }
                }
            });
            String sdp = Sdp.describe(System.nanoTime() & 0xffffff, 1, endpoint.settings().mediaAddress(),
                    rtp.localPort(), List.of(G711.PCMU, G711.PCMA), Sdp.OFFERED_EVENT_PT, Sdp.Direction.SENDRECV);
            leg = new OutboundInvite(endpoint, target, via.callerId(), via.proxy(), via, rtp, sdp, Map.of());
        } catch (Exception e) {
            onAnswer.accept(new OutboundInvite.Outcome(503, "cannot dial: " + e.getMessage(), null));
            return;
        }
        endpoint.register(leg.callId(), leg);
        leg.start(ring).whenComplete((o, error) -> {
            OutboundInvite.Outcome outcome = o != null ? o : new OutboundInvite.Outcome(500, String.valueOf(error), null);
            if (!outcome.answered()) {
                endpoint.forget(leg.callId());
                rtp.close();
                onAnswer.accept(outcome);
                return;
            }
            SipCall call = new SipCall(endpoint, leg, number, "callback", flow, variables, endpoint.promptAudio());
            holder[0] = call;
            endpoint.register(call.id(), call);
            onAnswer.accept(outcome);
            endpoint.start(call);
        });
    }
}
