package io.frontdoor.ivr.asterisk.ami.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer's test-facing controls, over real TCP on 127.0.0.1 (raw AMI bytes, no client library). */
class AmiPeerControlsTest {
    private static final String LOGIN = "Action: Login\r\nActionID: 1\r\nUsername: javatest\r\nSecret: javatest-secret\r\n\r\n";

    @Test
    void wrongSecretIsAnsweredAfterTheConfiguredDelayAndTheConnectionClosed() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().authFailureDelay(Duration.ofMillis(300)).start();
                AmiWire wire = new AmiWire(peer.port())) {
            wire.readLine();
            long start = System.nanoTime();
            wire.send("Action: Login\r\nUsername: javatest\r\nSecret: wrong\r\n\r\n");
            assertEquals("Response: Error\r\nMessage: Authentication failed\r\n\r\n", wire.readMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 250, "the failure is stalled");
            assertTrue(wire.atEof());
            assertEquals(0, peer.logins());
        }
    }

    @Test
    void droppedClientsCanLogInAgainAndEveryLoginIsCounted() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start()) {
            try (AmiWire first = loggedIn(peer)) {
                peer.dropConnections();
                assertTrue(first.atEof(), "the peer hung up on the client");
            }
            try (AmiWire second = loggedIn(peer)) {
                assertEquals(2, peer.logins());
                assertEquals(2, peer.actions("login").size());
            }
        }
    }

    @Test
    void memberGoingBusyAndFreeEmitsQueueMemberStatusAndChangesTheSummary() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start(); AmiWire wire = loggedIn(peer)) {
            peer.queue("vip", "ringall").addMember("Local/2001@agents/n", "Agent 2001");
            peer.memberInCall("vip", "Local/2001@agents/n", true);
            String busy = wire.readMessage();
            assertTrue(busy.startsWith("Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nTimestamp: "), busy);
            assertTrue(busy.contains("\r\nInCall: 1\r\nStatus: 2\r\nPaused: 0\r\n"), busy);

            wire.send("Action: QueueSummary\r\nQueue: vip\r\n\r\n");
            List<String> summary = List.of(wire.readMessages(3).split("\r\n\r\n"));
            assertTrue(summary.get(1).contains("\r\nLoggedIn: 1\r\nAvailable: 0\r\n"), summary.get(1));

            peer.memberInCall("vip", "Local/2001@agents/n", false);
            assertTrue(wire.readMessage().contains("\r\nInCall: 0\r\nStatus: 1\r\n"));
        }
    }

    @Test
    void pushedEventsCarryPrivilegeAndTimestampAndRespectTheEventMask() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start(); AmiWire wire = loggedIn(peer)) {
            wire.send("Action: Events\r\nEventMask: off\r\n\r\n");
            assertEquals("Response: Success\r\nEvents: Off\r\n\r\n", wire.readMessage());
            peer.pushEvent("AgentLogin", "agent,all", "Agent", "2001");
            wire.send("Action: Events\r\nEventMask: on\r\n\r\n");
            assertEquals("Response: Success\r\nEvents: On\r\n\r\n", wire.readMessage());
            peer.pushEvent("AgentLogoff", "agent,all", "Agent", "2001");
            String event = AmiWire.normalise(wire.readMessage());
            assertEquals("Event: AgentLogoff\r\nPrivilege: agent,all\r\nTimestamp: <clock>\r\nAgent: 2001\r\n\r\n", event);
        }
    }

    @Test
    void originateOutcomesFollowTheScriptPerChannelAndSyncFailuresAreErrors() throws Exception {
        try (AsteriskAmiPeer peer = new AsteriskAmiPeer().start(); AmiWire wire = loggedIn(peer)) {
            peer.scriptOriginate("Local/1@out", OriginateOutcome.answered())
                    .scriptOriginate("Local/2@out", OriginateOutcome.noAnswer())
                    .scriptOriginate("Local/3@out", OriginateOutcome.busy());
            wire.send("Action: Originate\r\nActionID: a\r\nChannel: Local/1@out\r\nApplication: Wait\r\nData: 1\r\n"
                    + "Async: true\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n");
            assertEquals("Response: Success\r\nActionID: a\r\nMessage: Originate successfully queued\r\n\r\n",
                    wire.readMessage());
            assertEquals("Event: OriginateResponse\r\nPrivilege: call,all\r\nTimestamp: <clock>\r\nActionID: a\r\n"
                    + "Response: Success\r\nChannel: Local/1@out-<seq>;1\r\nApplication: Wait\r\nData: 1\r\n"
                    + "Reason: 4\r\nUniqueid: <id>\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n\r\n",
                    AmiWire.normalise(wire.readMessage()));
            assertEquals(List.of("A=1", "B=2"), peer.actions("Originate").get(0).all("Variable"));

            wire.send("Action: Originate\r\nActionID: b\r\nChannel: Local/2@out\r\nApplication: Wait\r\nAsync: true\r\n\r\n");
            wire.readMessage();
            String noAnswer = wire.readMessage();
            assertTrue(noAnswer.contains("Response: Failure\r\nChannel: Local/2@out\r\n"), noAnswer);
            assertTrue(noAnswer.contains("Reason: 3\r\nUniqueid: <unknown>\r\n"), noAnswer);

            wire.send("Action: Originate\r\nActionID: c\r\nChannel: Local/3@out\r\nApplication: Wait\r\n\r\n");
            assertEquals("Response: Error\r\nActionID: c\r\nMessage: Originate failed\r\n\r\n", wire.readMessage());
        }
    }

    private static AmiWire loggedIn(AsteriskAmiPeer peer) throws Exception {
        AmiWire wire = new AmiWire(peer.port());
        wire.readLine();
        wire.send(LOGIN);
        wire.readMessages(2);
        return wire;
    }
}
