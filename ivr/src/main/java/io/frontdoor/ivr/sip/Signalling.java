package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.media.RtpSession;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/** A {@link SipCall}'s SIP side: the inbound INVITE it answers, or the INVITE FrontDoor placed. */
interface Signalling {

    String callId();

    String transport();

    void media(RtpSession session);

    /** Answers if not answered yet (a dialled call is answered already). */
    void answer();

    /** Ends the call from our side. */
    void hangup();

    /** The flow is done: hang up unless the caller is gone already. */
    void finish(boolean callerGone);

    void acked(Request ack);

    /** CANCEL: true when it ended the call. */
    boolean cancel();

    void reInvite(ServerTransaction st, Request request);
}
