package io.frontdoor.ivr.sip;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.Dialer;
import io.frontdoor.callback.dispatch.DialerUnavailableException;
import java.util.Map;
import java.util.function.Consumer;
import javax.sip.address.SipURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks dialled by the embedded SIP endpoint: the customer through the SIP trunk
 * ({@code sip.trunk.*}: outbound proxy, digest credentials), an agent (preview mode) at their URI.
 * The answered call runs FrontDoor's callback flow with the callback's ids set as its variables.
 */
public final class SipDialer implements Dialer {
    private static final Logger log = LoggerFactory.getLogger(SipDialer.class);
    static final String FLOW = "callback";

    private final SipEndpoint endpoint;

    public SipDialer(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void dial(DialRequest request, Consumer<DialResult> onResult) {
        SipURI target;
        SipTrunk via;
        try {
            if (request.leg() == DialRequest.Leg.AGENT) {
                SipAgents agents = endpoint.agents();
                String uri = agents == null ? null : agents.uri(request.destination());
                if (uri == null) {
                    throw new DialerUnavailableException("agent " + request.destination() + " is not reachable");
                }
                target = (SipURI) endpoint.addresses.createURI(uri);
                via = SipTrunk.none();
            } else {
                if (!endpoint.trunk().configured()) {
                    throw new DialerUnavailableException("no SIP trunk to dial customers (sip.trunk.host)");
                }
                via = endpoint.trunk();
                target = endpoint.trunkUri(request.destination());
            }
        } catch (java.text.ParseException e) {
            onResult.accept(new DialResult(request.attemptId(), DialResult.Outcome.FAILED, "bad destination: "
                    + Pii.text(e.getMessage())));
            return;
        }
        Map<String, String> variables = Map.of(DialRequest.CALLBACK_VARIABLE, request.callbackId(),
                DialRequest.ATTEMPT_VARIABLE, request.attemptId(),
                DialRequest.LEG_VARIABLE, request.leg().name().toLowerCase(java.util.Locale.ROOT));
        String number = request.leg() == DialRequest.Leg.CUSTOMER ? request.destination() : null;
        log.info("SIP dialling callback {} attempt {} ({})", request.callbackId(), request.attemptId(),
                request.leg() == DialRequest.Leg.CUSTOMER ? Pii.phone(number) : "agent " + request.destination());
        OutboundCall.dial(endpoint, target, number, via, request.timeout(), FLOW, variables,
                o -> onResult.accept(new DialResult(request.attemptId(), outcome(o.status()), o.status() + " " + o.reason())));
    }

    static DialResult.Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return DialResult.Outcome.ANSWERED;
        }
        return switch (status) {
            case 486, 600 -> DialResult.Outcome.BUSY;
            case 408, 480, 487 -> DialResult.Outcome.NO_ANSWER;
            case 500, 502, 503, 504 -> DialResult.Outcome.CONGESTION;
            default -> DialResult.Outcome.FAILED;
        };
    }
}
