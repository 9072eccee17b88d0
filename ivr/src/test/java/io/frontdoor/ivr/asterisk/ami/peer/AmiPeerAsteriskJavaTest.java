package io.frontdoor.ivr.asterisk.ami.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.Test;

/**
 * A real AMI client (asterisk-java 3.42.2's manager connection, MD5 challenge login and version
 * probe included) accepts the peer: login, Ping, QueuePause, async Originate and its
 * OriginateResponse event.
 */
class AmiPeerAsteriskJavaTest {

    @Test
    void asteriskJavaClientLogsInPingsPausesAndReceivesOriginateResponse() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().user("frontdoor", "s3cret").start()) {
            peer.queue("vip", "ringall").addMember("Local/2001@agents/n", "Agent 2001");
            peer.scriptOriginate("Local/13800138000@outbound",
                    OriginateOutcome.busy().after(Duration.ofMillis(100)));
            ManagerConnection connection =
                    new ManagerConnectionFactory("127.0.0.1", peer.port(), "frontdoor", "s3cret").createManagerConnection();
            BlockingQueue<ManagerEvent> events = new LinkedBlockingQueue<>();
            connection.addEventListener(events::add);
            connection.login();
            try {
                assertEquals(1, peer.logins());
                assertEquals("Success", connection.sendAction(new PingAction(), 5000).getResponse());

                ManagerResponse paused =
                        connection.sendAction(new QueuePauseAction("Local/2001@agents/n", "vip", true), 5000);
                assertEquals("Interface paused successfully", paused.getMessage());
                QueueMemberPauseEvent pause = next(events, QueueMemberPauseEvent.class);
                assertEquals("Local/2001@agents/n", pause.getInterface());
                assertTrue(pause.getPaused());

                OriginateAction originate = new OriginateAction();
                originate.setChannel("Local/13800138000@outbound");
                originate.setApplication("Wait");
                originate.setData("30");
                originate.setCallerId("\"VIP\" <+8613800138000>");
                originate.setAsync(true);
                originate.setActionId("cb-42");
                originate.setVariable("FD_CALLBACK_ID", "42");
                ManagerResponse queued = connection.sendAction(originate, 5000);
                assertEquals("Originate successfully queued", queued.getMessage());

                OriginateResponseEvent response = next(events, OriginateResponseEvent.class);
                assertEquals("cb-42", response.getActionId());
                assertEquals("Failure", response.getResponse());
                assertEquals(5, response.getReason());
                assertEquals("+8613800138000", response.getCallerIdNum());

                AmiMessage received = peer.actions("Originate").get(0);
                assertEquals(List.of("FD_CALLBACK_ID=42"), received.all("Variable"));
                assertEquals("true", received.get("Async"));
            } finally {
                connection.logoff();
            }
        }
    }

    private static <T extends ManagerEvent> T next(BlockingQueue<ManagerEvent> events, Class<T> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ManagerEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }
}
