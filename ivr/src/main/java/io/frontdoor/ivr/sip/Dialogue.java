package io.frontdoor.ivr.sip;

import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One SIP dialog the endpoint knows by its Call-ID: an inbound call or a leg FrontDoor dialled.
 * The endpoint routes in-dialog requests and responses here, on the stack's threads: never block.
 */
interface Dialogue {

    /** BYE from the other side; returns the status to answer it with. */
    int byeReceived(Request bye);

    /** The dialog is gone without a BYE (transaction timeout, dialog terminated). */
    void lost(String why);

    default void acked(Request ack) {
    }

    /** INFO in the dialog; returns the status to answer it with. */
    default int infoReceived(Request info) {
        return Response.OK;
    }

    /** A re-INVITE: the dialogue answers it on {@code st}. */
    void reInvite(ServerTransaction st, Request request);

    /** CANCEL of the initial INVITE (only inbound calls can be cancelled). */
    default void cancelled() {
    }

    /** A response to a request this dialogue sent. */
    default void response(ResponseEvent event) {
    }
}
