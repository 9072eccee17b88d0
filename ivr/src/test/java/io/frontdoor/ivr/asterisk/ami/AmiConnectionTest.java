package io.frontdoor.ivr.asterisk.ami;

import static io.frontdoor.ivr.asterisk.ami.AmiTesting.WAIT;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.await;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.action.PingAction;
import org.junit.jupiter.api.Test;

/** AmiConnection against the AMI peer: login retries, reconnects after drops, close. */
class AmiConnectionTest {

    private static final class Counting implements AmiConnection.Listener {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger disconnected = new AtomicInteger();

        @Override
        public void connected() {
            connected.incrementAndGet();
        }

        @Override
        public void disconnected() {
            disconnected.incrementAndGet();
        }
    }

    @Test
    void aRefusedFirstLoginIsRetriedUntilItSucceeds() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().user("javatest", "rotated-secret")
                .authFailureDelay(Duration.ofMillis(20)).start();
                AmiConnection connection = new AmiConnection(settings(peer))) {
            Counting listener = new Counting();
            connection.addListener(listener);
            connection.start();
            await("two refused logins", () -> peer.actions("Login").size() >= 2);
            assertFalse(connection.isConnected());

            peer.user("javatest", "javatest-secret"); // the secret is fixed on the Asterisk side
            await("logged in", connection::isConnected);
            assertEquals(1, peer.logins());
            assertEquals(1, listener.connected.get());
            assertEquals(0, listener.disconnected.get());
        }
    }

    @Test
    void aFirstLoginWhileAsteriskIsDownIsRetried() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start();
                AmiConnection connection = new AmiConnection(settings(peer))) {
            peer.stopListening();
            connection.start();
            assertThrows(AmiActionException.class, () -> connection.send(new PingAction()));
            peer.resumeListening();
            await("logged in", connection::isConnected);
            assertEquals("Success", connection.send(new PingAction()).getResponse());
        }
    }

    @Test
    void dropsAreReportedAndFollowedByAFreshLoginAndCloseLogsOff() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start()) {
            Counting listener = new Counting();
            AmiConnection connection = new AmiConnection(settings(peer));
            connection.addListener(listener);
            connection.start();
            await("logged in", connection::isConnected);
            long firstEpoch = connection.epoch();

            peer.dropConnections();
            await("reconnected", () -> listener.connected.get() == 2 && connection.isConnected());
            assertEquals(1, listener.disconnected.get());
            assertEquals(2, peer.logins());
            assertEquals(firstEpoch + 2, connection.epoch(), "one step for the drop, one for the login");
            AmiActionException stale = assertThrows(AmiActionException.class,
                    () -> connection.send(new PingAction(), firstEpoch));
            assertEquals(AmiActionException.Kind.NOT_CONNECTED, stale.kind());

            connection.close();
            assertFalse(connection.isConnected());
            assertEquals(2, listener.disconnected.get());
            peer.awaitAction("Logoff", 1, WAIT);
            await("the peer saw the session end", () -> peer.connections() == 0);
        }
    }
}
