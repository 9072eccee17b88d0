package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers one action as Asterisk 22 does. Replies follow ami-01..ami-14: {@code Response:}, then
 * {@code ActionID:} when the request had one, then the rest. Originate lives in
 * {@link AmiOriginate}, queue actions in {@link AmiQueueActions}.
 */
final class AmiActions {
    private AmiActions() {}

    /** Handles one action; false when the session must end (Logoff, failed Login). */
    static boolean handle(AmiSession session, AmiMessage action) throws IOException {
        String name = action.get("Action");
        if (name == null) {
            session.send(error(action, "Missing action in request"));
            return true;
        }
        String key = name.toLowerCase();
        if (!session.authenticated && !List.of("login", "challenge", "logoff").contains(key)) {
            // Not recorded; manager.c answers actions before Login with this error.
            session.send(error(action, "Permission denied"));
            return true;
        }
        AsteriskAmiPeer.ActionHandler scripted = session.peer.handler(key);
        if (scripted != null) {
            for (String raw : scripted.reply(action)) {
                session.send(raw);
            }
            return true;
        }
        switch (key) {
            case "login" -> {
                return login(session, action);
            }
            case "challenge" -> {
                session.challenge = String.valueOf(ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999));
                session.send(success(action).add("Challenge", session.challenge).render());
            }
            case "logoff" -> {
                session.send(new AmiMessage().add("Response", "Goodbye").addActionId(action)
                        .add("Message", "Thanks for all the fish.").render());
                return false;
            }
            case "ping" -> session.send(success(action).add("Ping", "Pong").add("Timestamp", AmiEvents.timestamp()).render());
            case "events" -> {
                String mask = action.get("EventMask") == null ? "off" : action.get("EventMask");
                session.eventMask = mask;
                session.send(success(action).add("Events", mask.equalsIgnoreCase("off") ? "Off" : "On").render());
            }
            case "userevent" -> userEvent(session, action);
            case "coresettings" -> coreSettings(session, action);
            case "hangup" -> session.send(error(action, "No such channel"));
            case "queuepause" -> AmiQueueActions.pause(session, action);
            case "queuesummary" -> AmiQueueActions.summary(session, action);
            case "queuestatus" -> AmiQueueActions.status(session, action);
            case "originate" -> AmiOriginate.originate(session, action);
            default -> session.send(error(action, "Invalid/unknown command: " + name
                    + ". Use Action: ListCommands to show available commands."));
        }
        return true;
    }

    private static boolean login(AmiSession session, AmiMessage action) throws IOException {
        AsteriskAmiPeer peer = session.peer;
        if (!peer.username.equals(action.get("Username")) || !secretMatches(session, action)) {
            // ami-02: Asterisk stalls failed logins (1.0 s recorded), then hangs up.
            sleep(peer.authFailureDelay.toMillis());
            session.send(error(action, "Authentication failed"));
            return false;
        }
        if (action.get("Events") != null) {
            session.eventMask = action.get("Events");
        }
        session.send(success(action).add("Message", "Authentication accepted").render());
        session.authenticated = true;
        peer.loggedIn();
        // ami-01: FullyBooted has Privilege but, unlike every other event, no Timestamp.
        session.send(new AmiMessage().add("Event", "FullyBooted").add("Privilege", "system,all")
                .add("Uptime", peer.uptimeSeconds()).add("LastReload", peer.uptimeSeconds())
                .add("Status", "Fully Booted").render());
        return true;
    }

    /** Plain {@code Secret}, or {@code AuthType: MD5} with {@code Key = md5(challenge + secret)} as asterisk-java sends. */
    private static boolean secretMatches(AmiSession session, AmiMessage action) {
        String secret = session.peer.secret;
        if ("md5".equalsIgnoreCase(action.get("AuthType")) && session.challenge != null) {
            try {
                byte[] digest = MessageDigest.getInstance("MD5")
                        .digest((session.challenge + secret).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest).equalsIgnoreCase(action.get("Key"));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return secret.equals(action.get("Secret"));
    }

    /** ami-12: the event echoes every action header after UserEvent, ActionID included. */
    private static void userEvent(AmiSession session, AmiMessage action) throws IOException {
        session.send(success(action).add("Message", "Event Sent").render());
        AmiMessage event = AmiEvents.event("UserEvent", "user,all").add("UserEvent", action.get("UserEvent"));
        for (String[] h : action.headers()) {
            if (!h[0].equalsIgnoreCase("Action") && !h[0].equalsIgnoreCase("UserEvent")) {
                event.add(h[0], h[1]);
            }
        }
        session.peer.broadcast(event.render());
    }

    /** Not recorded; asterisk-java asks for it at login to learn the version. Fields per manager.c. */
    private static void coreSettings(AmiSession session, AmiMessage action) throws IOException {
        session.send(success(action).add("AMIversion", "11.0.0").add("AsteriskVersion", "22.10.1")
                .add("SystemName", "").add("CoreMaxCalls", 0).add("CoreMaxLoadAvg", "0.000000")
                .add("CoreRunUser", "").add("CoreRunGroup", "").add("CoreMaxFilehandles", 0)
                .add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "Yes").add("CoreHTTPenabled", "No")
                .render());
    }

    static AmiMessage success(AmiMessage request) {
        return new AmiMessage().add("Response", "Success").addActionId(request);
    }

    static String error(AmiMessage request, String message) {
        return new AmiMessage().add("Response", "Error").addActionId(request).add("Message", message).render();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
