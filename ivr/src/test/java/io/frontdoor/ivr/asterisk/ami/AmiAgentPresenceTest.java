package io.frontdoor.ivr.asterisk.ami;

import static io.frontdoor.ivr.asterisk.ami.AmiTesting.WAIT;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.await;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.next;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.QueueFigures;
import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AmiQueue;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.action.PingAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AmiAgentPresence against the AMI peer over TCP: sync, events, reservations, figures, reconnects. */
class AmiAgentPresenceTest {
    private static final String A1 = "Local/2001@agents/n";
    private static final String A2 = "Local/2002@agents/n";
    private static final String A3 = "Local/2003@agents/n";
    private static final String A9 = "Local/2009@agents/n";
    private static final AmiAgentPresence.Options OPTIONS =
            new AmiAgentPresence.Options(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(2), true);

    private AsteriskAmiPeer peer;
    private AmiQueue vip;
    private AmiConnection connection;
    private AmiAgentPresence presence;
    private final BlockingQueue<Agent> announced = new LinkedBlockingQueue<>();

    @BeforeEach
    void startPeer() {
        peer = new AsteriskAmiPeer().start();
        vip = peer.queue("vip", "ringall");
    }

    @AfterEach
    void stop() throws Exception {
        if (presence != null) {
            presence.close();
        }
        if (connection != null) {
            connection.close();
        }
        peer.close();
    }

    private void connect(AmiAgentPresence.Options options) throws InterruptedException {
        connection = new AmiConnection(settings(peer));
        presence = new AmiAgentPresence(connection, options);
        presence.addListener(announced::add);
        connection.start();
        await("presence synchronised", presence::isConnected);
    }

    private static Agent vip(String iface) {
        return new Agent("vip", iface, "Agent " + iface.substring(6, 10));
    }

    /** Every announcement up to and including {@code marker} (listeners are told in order). */
    private List<Agent> announcedUntil(Agent marker) throws InterruptedException {
        List<Agent> seen = new ArrayList<>();
        while (seen.isEmpty() || !seen.get(seen.size() - 1).equals(marker)) {
            seen.add(next(announced, "agentFree up to " + marker + " (so far " + seen + ")"));
        }
        return seen;
    }

    /** Returns once every event Asterisk sent before now has been applied (one Ping round trip). */
    private void barrier() throws AmiActionException {
        connection.send(new PingAction());
    }

    @Test
    void syncAtConnectLoadsMembersAndWaitingCallersAndAnnouncesTheFreeOnes() throws Exception {
        vip.addMember(A1, "Agent 2001");
        vip.addMember(A2, "Agent 2002").paused("lunch");
        vip.addMember(A3, "Agent 2003");
        peer.memberInCall("vip", A3, true); // no client yet: only the model changes
        vip.addMember("Local/2004@agents/n", "Agent 2004");
        peer.memberStatus("vip", "Local/2004@agents/n", false, AmiQueue.UNAVAILABLE);
        vip.addCaller("Local/vip@queues-00000011;2", "1795431877.35", "+8613800138000", "Test", Duration.ofSeconds(30));
        vip.addCaller("Local/vip@queues-00000012;2", "1795431877.37", "+8613900139000", "VIP", Duration.ofSeconds(5), 10);
        peer.queue("general", "rrmemory").addMember(A1, "Agent 2001");

        connect(OPTIONS);

        AmiMessage status = peer.actions("QueueStatus").get(0);
        assertNull(status.get("Queue"), "one QueueStatus for all queues");
        assertEquals(List.of(vip(A1)), presence.freeAgents("vip"));
        assertEquals(List.of(new Agent("general", A1, "Agent 2001")), presence.freeAgents("general"));

        QueueFigures figures = presence.figures("vip");
        assertTrue(figures.known());
        assertEquals(3, figures.loggedIn(), "the unavailable member is not logged in");
        assertEquals(1, figures.available());
        List<QueueFigures.LiveCaller> callers = figures.liveCallers();
        assertEquals(List.of("1795431877.37", "1795431877.35"), callers.stream().map(QueueFigures.LiveCaller::callId).toList(),
                "head first: the higher priority caller is ahead");
        assertEquals(List.of(10, 0), callers.stream().map(QueueFigures.LiveCaller::priority).toList());
        assertArrivedAbout(Duration.ofSeconds(5), callers.get(0).arrivedAt());
        assertArrivedAbout(Duration.ofSeconds(30), callers.get(1).arrivedAt());
        assertEquals(callers, presence.liveCallers("vip"), "the dispatcher's view, without a round trip");
        int summaries = peer.actions("QueueSummary").size();
        presence.liveCallers("general");
        assertEquals(summaries, peer.actions("QueueSummary").size());

        // The sync announced each free member once; a later transition marks the end of it.
        peer.memberInCall("vip", A3, false);
        assertEquals(List.of(vip(A1), new Agent("general", A1, "Agent 2001"), vip(A3)), announcedUntil(vip(A3)));
    }

    private static void assertArrivedAbout(Duration waited, Instant arrivedAt) {
        long seconds = Duration.between(arrivedAt, Instant.now()).toSeconds();
        assertTrue(Math.abs(seconds - waited.toSeconds()) <= 2, "arrived " + seconds + " s ago, expected ~" + waited);
    }

    @Test
    void turningFreeIsAnnouncedButNotForPausedOrBusyMembers() throws Exception {
        vip.addMember(A1, "Agent 2001").paused("break");
        vip.addMember(A2, "Agent 2002");
        peer.memberInCall("vip", A2, true);
        vip.addMember(A3, "Agent 2003");
        connect(OPTIONS);
        assertEquals(vip(A3), next(announced, "the free member at sync"));

        peer.memberInCall("vip", A1, true);
        peer.memberInCall("vip", A1, false); // ends a call but stays paused: not free
        peer.memberStatus("vip", A2, false, AmiQueue.INUSE); // out of the queue call, device still in use
        barrier();
        assertEquals(List.of(vip(A3)), presence.freeAgents("vip"));
        peer.memberStatus("vip", A2, false, AmiQueue.NOT_INUSE); // now free
        peer.memberAdded("vip", A9, "Agent 2009", 0); // a new, free member
        assertEquals(List.of(vip(A2), vip(A9)), announcedUntil(vip(A9)));
        assertEquals(List.of(vip(A2), vip(A3), vip(A9)), presence.freeAgents("vip"));

        peer.memberRemoved("vip", A3);
        barrier();
        assertEquals(List.of(vip(A2), vip(A9)), presence.freeAgents("vip"));
    }

    @Test
    void callersJoinAndLeaveAndAgentCallsAreFollowed() throws Exception {
        vip.addMember(A1, "Agent 2001");
        connect(OPTIONS);
        assertEquals(vip(A1), next(announced, "the free member at sync"));

        peer.callerJoins("vip", "Local/vip@queues-00000013;2", "1795431900.40", "+8613800138000", "Test");
        peer.callerJoins("vip", "Local/vip@queues-00000014;2", "1795431900.42", "+8613900139000", "Other");
        barrier();
        assertEquals(List.of("1795431900.40", "1795431900.42"), callIds(presence.figures("vip")));

        peer.callerAbandons("vip", "Local/vip@queues-00000014;2");
        // ami-10: the caller leaves the queue, then AgentConnect; QueueMemberStatus follows.
        peer.callerLeaves("vip", "Local/vip@queues-00000013;2");
        peer.pushEvent("AgentConnect", "agent,all", "Queue", "vip", "Interface", A1, "MemberName", "Agent 2001");
        barrier();
        assertEquals(List.of(), callIds(presence.figures("vip")));
        assertEquals(List.of(), presence.freeAgents("vip"), "AgentConnect: in a call");

        peer.memberInCall("vip", A1, true);
        peer.pushEvent("AgentComplete", "agent,all", "Queue", "vip", "Interface", A1, "MemberName", "Agent 2001",
                "TalkTime", "21", "Reason", "agent");
        barrier();
        assertEquals(List.of(), presence.freeAgents("vip"), "device still in use after AgentComplete");
        peer.memberInCall("vip", A1, false);
        assertEquals(vip(A1), next(announced, "agentFree after the call"));
    }

    private static List<String> callIds(QueueFigures figures) {
        return figures.liveCallers().stream().map(QueueFigures.LiveCaller::callId).toList();
    }

    @Test
    void reservePausesInEveryQueueAndReleaseUnpauses() throws Exception {
        vip.addMember(A1, "Agent 2001");
        vip.addMember(A2, "Agent 2002").paused("break");
        peer.queue("general", "rrmemory").addMember(A1, "Agent 2001");
        connect(OPTIONS);
        Agent inGeneral = new Agent("general", A1, "Agent 2001");
        assertEquals(List.of(vip(A1), inGeneral), announcedUntil(inGeneral));

        assertTrue(presence.reserve(vip(A1), "callback cb-7"));
        AmiMessage pause = peer.actions("QueuePause").get(0);
        assertEquals(A1, pause.get("Interface"));
        assertEquals("true", pause.get("Paused"));
        assertEquals("callback cb-7", pause.get("Reason"));
        assertNull(pause.get("Queue"), "no Queue header: paused in every queue");
        assertEquals(List.of(), presence.freeAgents("vip"));
        assertEquals(List.of(), presence.freeAgents("general"));

        assertFalse(presence.reserve(vip(A1), "callback cb-8"), "already reserved");
        assertFalse(presence.reserve(inGeneral, "callback cb-8"), "reserved in every queue");
        assertFalse(presence.reserve(vip(A2), "callback cb-8"), "paused by the agent: not free");
        assertEquals(1, peer.actions("QueuePause").size(), "refused locally, nothing sent");

        presence.release(vip(A1));
        AmiMessage unpause = peer.actions("QueuePause").get(1);
        assertEquals(A1, unpause.get("Interface"));
        assertEquals("false", unpause.get("Paused"));
        assertNull(unpause.get("Queue"));
        // Unpaused in both queues (QueueMemberPause per queue): free again, announced again.
        assertEquals(List.of(vip(A1), inGeneral), announcedUntil(inGeneral));

        presence.release(vip(A1)); // not reserved any more: nothing to do
        presence.release(vip(A2)); // never reserved by us: its own pause is left alone
        assertEquals(2, peer.actions("QueuePause").size());
    }

    @Test
    void reservationsOutliveAReconnectAndAReleaseMadeWhileDownIsSentAfterIt() throws Exception {
        vip.addMember(A1, "Agent 2001");
        vip.addMember(A2, "Agent 2002");
        connect(OPTIONS);
        assertEquals(List.of(vip(A1), vip(A2)), announcedUntil(vip(A2)));
        assertTrue(presence.reserve(vip(A1), "callback cb-1"));
        assertTrue(presence.reserve(vip(A2), "callback cb-2"));
        barrier();

        peer.stopListening();
        peer.dropConnections();
        await("presence notices the drop", () -> !presence.isConnected());
        presence.release(vip(A2)); // cannot be sent now: owed
        vip.addMember(A1, "Agent 2001"); // Asterisk restarted: the static member is back, unpaused
        peer.resumeListening();

        await("presence synchronised again", presence::isConnected);
        peer.awaitAction("QueuePause", 4, WAIT);
        AmiMessage unpause = peer.actions("QueuePause").get(2);
        assertEquals(List.of(A2, "false"), List.of(unpause.get("Interface"), unpause.get("Paused")));
        AmiMessage pauseAgain = peer.actions("QueuePause").get(3);
        assertEquals(List.of(A1, "true", "callback cb-1"),
                List.of(pauseAgain.get("Interface"), pauseAgain.get("Paused"), pauseAgain.get("Reason")));
        assertEquals(List.of(vip(A2)), announcedUntil(vip(A2)), "A2 free again; A1 still reserved, never offered");
        assertEquals(List.of(vip(A2)), presence.freeAgents("vip"));
    }

    @Test
    void aConcurrentSecondReserveOfTheSameAgentFailsWhileTheFirstIsOnTheWire() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        peer.onAction("QueuePause", action -> {
            try {
                hold.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new AmiMessage().add("Response", "Success").addActionId(action)
                    .add("Message", "Interface paused successfully").render());
        });
        vip.addMember(A1, "Agent 2001");
        connect(OPTIONS);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> first = threads.submit(() -> presence.reserve(vip(A1), "callback cb-1"));
            peer.awaitAction("QueuePause", 1, WAIT);
            assertFalse(presence.reserve(vip(A1), "callback cb-2"));
            assertEquals(List.of(), presence.freeAgents("vip"));
            hold.countDown();
            assertTrue(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(1, peer.actions("QueuePause").size());
    }

    @Test
    void aRefusedPauseReservesNothing() throws Exception {
        peer.onAction("QueuePause", action -> List.of(new AmiMessage().add("Response", "Error").addActionId(action)
                .add("Message", "Interface not found").render()));
        vip.addMember(A1, "Agent 2001");
        connect(OPTIONS);

        assertFalse(presence.reserve(vip(A1), "callback cb-1"));
        assertEquals(List.of(vip(A1)), presence.freeAgents("vip"), "still free, no reservation left behind");
        assertFalse(presence.reserve(vip(A1), "callback cb-2"));
        assertEquals(2, peer.actions("QueuePause").size(), "the second try was sent: the first left no mark");
    }

    @Test
    void figuresComeFromOneQueueSummaryAndAreUnknownWhenAsteriskCannotSay() throws Exception {
        vip.addMember(A1, "Agent 2001");
        vip.addMember(A2, "Agent 2002").paused("break");
        vip.averages(12, 95);
        connect(OPTIONS);

        QueueFigures figures = presence.figures("vip");
        assertEquals(new QueueFigures("vip", 2, 1, Duration.ofSeconds(12), Duration.ofSeconds(95), List.of(), true), figures);
        assertEquals(figures, presence.figures("vip"));
        List<AmiMessage> summaries = peer.actions("QueueSummary");
        assertEquals(1, summaries.size(), "cached");
        assertEquals("vip", summaries.get(0).get("Queue"));
        assertFalse(presence.figures("nosuchqueue").known());

        peer.stopListening();
        peer.dropConnections();
        await("presence notices the drop", () -> !presence.isConnected());
        long start = System.nanoTime();
        assertFalse(presence.figures("vip").known());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 200, "no waiting while AMI is down");
    }

    @Test
    void figuresDoNotHangWhenAsteriskDoesNotAnswer() throws Exception {
        peer.onAction("QueueSummary", action -> List.of()); // never answered
        vip.addMember(A1, "Agent 2001");
        connect(new AmiAgentPresence.Options(Duration.ofMinutes(1), Duration.ofMillis(300), Duration.ofSeconds(2), true));

        long start = System.nanoTime();
        assertFalse(presence.figures("vip").known());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis >= 250 && millis < 2000, "waited " + millis + " ms for a 300 ms bound");
        assertFalse(presence.figures("vip").known());
        assertEquals(1, peer.actions("QueueSummary").size(), "the failure is cached too");
    }

    @Test
    void reconnectLogsInAgainResyncsAndAnnouncesWhoBecameFreeMeanwhile() throws Exception {
        vip.addMember(A1, "Agent 2001");
        peer.memberInCall("vip", A1, true);
        vip.addMember(A2, "Agent 2002");
        vip.addCaller("Local/vip@queues-00000011;2", "1795431877.35", "+8613800138000", "Test", Duration.ofSeconds(30));
        connect(OPTIONS);
        assertEquals(vip(A2), next(announced, "the free member at sync"));
        assertEquals(1, peer.logins());

        peer.stopListening();
        peer.dropConnections();
        await("presence notices the drop", () -> !presence.isConnected());
        assertEquals(List.of(), presence.freeAgents("vip"), "nobody is offered while AMI is down");
        assertFalse(presence.reserve(vip(A2), "callback cb-1"));
        // While FrontDoor is away: A1's call ends and the caller is answered by another node's agent.
        peer.memberInCall("vip", A1, false);
        vip.removeCaller("Local/vip@queues-00000011;2");
        vip.addCaller("Local/vip@queues-00000015;2", "1795431999.50", "+8613700137000", "New", Duration.ofSeconds(2));
        peer.resumeListening();

        await("presence synchronised again", presence::isConnected);
        assertEquals(2, peer.logins());
        assertEquals(2, peer.actions("QueueStatus").size());
        assertEquals(List.of(vip(A1), vip(A2)), announcedUntil(vip(A2)), "every free member after the resync");
        assertEquals(List.of(vip(A1), vip(A2)), presence.freeAgents("vip"));
        assertEquals(List.of("1795431999.50"), callIds(presence.figures("vip")));
    }
}
