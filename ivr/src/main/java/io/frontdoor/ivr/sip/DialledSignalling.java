package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.media.RtpSession;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/** The SIP side of a call FrontDoor placed and the far end answered (a callback to a customer). */
final class DialledSignalling implements Signalling {
    private final OutboundInvite invite;

    DialledSignalling(OutboundInvite invite) {
        this.invite = invite;
    }

    @Override
    public String callId() {
        return invite.callId();
    }

    @Override
    public String transport() {
        return "udp";
    }

    @Override
    public void media(RtpSession session) {
        // set up when the INVITE was answered
    }

    @Override
    public void answer() {
        // answered by the far end
    }

    @Override
    public void hangup() {
        invite.hangup();
    }

    @Override
    public void finish(boolean callerGone) {
        if (!callerGone) {
            invite.hangup();
        }
    }

    @Override
    public void acked(Request ack) {
    }

    @Override
    public boolean cancel() {
        return false;
    }

    @Override
    public void reInvite(ServerTransaction st, Request request) {
        invite.reInvite(st, request);
    }
}
