package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Originate as recorded in ami-03, ami-04, ami-05 and ami-13. The outcome per dialled channel
 * comes from the test ({@link AsteriskAmiPeer#scriptOriginate}); channel events are not
 * modelled, only replayed verbatim when the outcome carries them.
 */
final class AmiOriginate {
    /** Channel technologies a stock Asterisk 22 knows; others fail like ami-13's NoSuchTech/123. */
    private static final Set<String> TECHS = Set.of("Local", "PJSIP", "SIP", "IAX2", "DAHDI", "Console", "Motif");
    private static final Pattern CALLER_ID = Pattern.compile("^\\s*\"?([^\"<]*?)\"?\\s*<([^>]*)>\\s*$");

    private AmiOriginate() {}

    static void originate(AmiSession session, AmiMessage action) throws IOException {
        String channel = action.get("Channel");
        if (channel == null) {
            session.send(AmiActions.error(action, "Channel not specified"));
            return;
        }
        if (action.get("Exten") != null && (action.get("Context") == null || action.get("Priority") == null)) {
            session.send(AmiActions.error(action, "Originate with 'Exten' requires 'Context' and 'Priority'"));
            return;
        }
        AsteriskAmiPeer peer = session.peer;
        int slash = channel.indexOf('/');
        boolean knownTech = slash > 0 && TECHS.contains(channel.substring(0, slash));
        // An unknown technology is reported like a missing extension (sync: "Originate failed").
        OriginateOutcome outcome = knownTech ? peer.nextOutcome(channel) : OriginateOutcome.noSuchExtension();
        boolean async = "true".equalsIgnoreCase(action.get("Async")) || "yes".equalsIgnoreCase(action.get("Async"));
        if (!async) {
            // ami-04: the sync reply comes first, the failed call's channel events after it.
            session.send(outcome.success()
                    ? AmiActions.success(action).add("Message", "Originate successfully queued").render()
                    : AmiActions.error(action, "Originate failed"));
            outcome.eventsBefore().forEach(peer::broadcast);
            outcome.eventsAfter().forEach(peer::broadcast);
            return;
        }
        session.send(AmiActions.success(action).add("Message", "Originate successfully queued").render());
        peer.originated(action);
        if (outcome.lostResponse()) {
            return;
        }
        String event = response(peer, action, channel, outcome).render();
        Thread.ofVirtual().name("ami-originate-" + channel).start(() -> {
            AmiActions.sleep(outcome.delay().toMillis());
            outcome.eventsBefore().forEach(peer::broadcast);
            peer.broadcast(event);
            outcome.eventsAfter().forEach(peer::broadcast);
        });
    }

    /** Header order of ami-03 (Success) and ami-04/-05 (Failure: dialled name, Uniqueid <unknown>). */
    static AmiMessage response(AsteriskAmiPeer peer, AmiMessage action, String channel, OriginateOutcome outcome) {
        String[] callerId = callerId(action.get("CallerID"));
        long n = peer.nextChannelNumber();
        AmiMessage event = AmiEvents.event("OriginateResponse", "call,all").addActionId(action)
                .add("Response", outcome.success() ? "Success" : "Failure")
                .add("Channel", outcome.success() ? channel + "-" + String.format("%08x", n) + ";1" : channel);
        if (action.get("Application") != null) {
            event.add("Application", action.get("Application")).add("Data", value(action.get("Data")));
        } else {
            // Not recorded; manager.c's dialplan variant prints Context and Exten here.
            event.add("Context", value(action.get("Context"))).add("Exten", value(action.get("Exten")));
        }
        return event.add("Reason", outcome.reason())
                .add("Uniqueid", outcome.success() ? peer.uniqueid(n) : "<unknown>")
                .add("CallerIDNum", callerId[1])
                .add("CallerIDName", callerId[0]);
    }

    /** {@code "Test" <+8613800138000>} to {name, number}; absent parts read {@code <unknown>}. */
    static String[] callerId(String header) {
        if (header == null || header.isBlank()) {
            return new String[] {"<unknown>", "<unknown>"};
        }
        Matcher m = CALLER_ID.matcher(header);
        if (m.matches()) {
            String name = m.group(1).trim();
            return new String[] {name.isEmpty() ? "<unknown>" : name, m.group(2).isEmpty() ? "<unknown>" : m.group(2)};
        }
        return new String[] {"<unknown>", header.trim()};
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }
}
