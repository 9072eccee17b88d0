package io.frontdoor.ivr.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.DialerUnavailableException;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchEslPeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbound ESL against the FreeSWITCH 1.10 peer over real sockets: the connection (auth, subscribe,
 * re-auth and resubscribe after a drop, -ERR replies), mod_callcenter agent presence and
 * reservations, and originate outcomes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EslInboundTest {
    static final String AGENT = "1001@default";
    static final String CONTACT = "[leg_timeout=10]loopback/2001/default";
    static final String EVENTS = "BACKGROUND_JOB CUSTOM callcenter::info";

    FreeSwitchEslPeer fs;
    EslConnection esl;

    @BeforeEach
    void start() throws Exception {
        fs = new FreeSwitchEslPeer("ClueCon");
        fs.agent(AGENT, CONTACT, "Available", "Waiting", "vip@default");
    }

    @AfterEach
    void stop() throws Exception {
        if (esl != null) {
            esl.close();
        }
        fs.close();
    }

    private EslConnection connect(String password) {
        esl = new EslConnection(EslSettings.of("127.0.0.1", fs.port(), password), EVENTS);
        return esl;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void authenticatesSubscribesAndRunsApiCommands() throws Exception {
        connect("ClueCon").start();
        assertTrue(esl.awaitConnected(Duration.ofSeconds(5)));
        assertEquals("auth ClueCon", fs.commands.get(0));
        assertEquals("event plain " + EVENTS, fs.commands.get(1).strip());
        String list = esl.api("callcenter_config agent list");
        assertTrue(list.contains(AGENT + "|single_box||callback|" + CONTACT + "|Available|Waiting"), list);
        var refused = assertThrows(EslCommandException.class, () -> esl.api("callcenter_config agent set status 9999@default 'Available'"));
        assertEquals(EslCommandException.Kind.REFUSED, refused.kind());
        assertTrue(refused.getMessage().contains("-ERR Agent not found!"), refused.getMessage());
    }

    @Test
    void aCommandWithoutReplyFailsAndTheSessionIsMadeAgainSoRepliesNeverShift() throws Exception {
        esl = new EslConnection(new EslSettings("127.0.0.1", fs.port(), "ClueCon", Duration.ofMillis(500),
                Duration.ofSeconds(2)), EVENTS);
        esl.start();
        assertTrue(esl.awaitConnected(Duration.ofSeconds(5)));
        fs.silent("api callcenter_config tier list");
        var e = assertThrows(EslCommandException.class, () -> esl.api("callcenter_config tier list"));
        assertEquals(EslCommandException.Kind.NO_REPLY, e.kind());
        fs.silent(null);
        fs.awaitCommand("auth ClueCon", 2, Duration.ofSeconds(10));
        assertTrue(esl.awaitConnected(Duration.ofSeconds(5)));
        assertTrue(esl.api("callcenter_config agent list").startsWith("name|"), "the reply to this command, not a late one");
    }

    @Test
    void aWrongPasswordNeverCountsAsConnected() throws Exception {
        connect("wrong").start();
        fs.awaitCommand("auth wrong", 2, Duration.ofSeconds(10)); // refused, then tried again
        assertFalse(esl.isConnected());
        var e = assertThrows(EslCommandException.class, () -> esl.api("status"));
        assertEquals(EslCommandException.Kind.NOT_CONNECTED, e.kind());
        assertTrue(fs.commands("event plain").isEmpty(), "nothing subscribed on a refused session");
    }

    @Test
    void afterADropItAuthenticatesAndSubscribesAgainThenPresenceResynchronises() throws Exception {
        connect("ClueCon");
        EslAgentPresence presence = new EslAgentPresence(esl);
        List<Agent> told = new CopyOnWriteArrayList<>();
        presence.addListener(told::add);
        esl.start();
        await("synchronised", presence::isConnected);
        await("free agent told", () -> told.size() == 1);

        fs.dropConnections();
        await("drop seen", () -> !presence.isConnected() || fs.commands("auth").size() == 2);
        fs.awaitCommand("auth ClueCon", 2, Duration.ofSeconds(10));
        fs.awaitCommand("event plain", 2, Duration.ofSeconds(10));
        fs.awaitCommand("api callcenter_config agent list", 2, Duration.ofSeconds(10));
        await("synchronised again", presence::isConnected);
        await("free agent told again", () -> told.size() == 2);
        assertEquals(new Agent("vip", CONTACT, AGENT), told.get(1));
    }

    @Test
    void presenceFollowsCallcenterEventsAndReservesWithOnBreak() throws Exception {
        connect("ClueCon");
        EslAgentPresence presence = new EslAgentPresence(esl);
        LinkedBlockingQueue<Agent> told = new LinkedBlockingQueue<>();
        presence.addListener(told::add);
        esl.start();
        await("synchronised", presence::isConnected);
        Agent agent = told.poll(5, TimeUnit.SECONDS);
        assertEquals(new Agent("vip", CONTACT, AGENT), agent);
        assertEquals(List.of(agent), presence.freeAgents("vip"));
        assertEquals(1, presence.figures("vip").available());

        fs.agentState(AGENT, "In a queue call");
        await("agent busy", () -> presence.freeAgents("vip").isEmpty());
        assertFalse(presence.reserve(agent, "frontdoor-callback r1"), "a busy agent is not reserved");
        fs.agentState(AGENT, "Waiting");
        assertEquals(agent, told.poll(5, TimeUnit.SECONDS), "an agent becoming free is told at once");

        assertTrue(presence.reserve(agent, "frontdoor-callback r1"));
        assertEquals("api callcenter_config agent set status " + AGENT + " 'On Break'",
                fs.commands("api callcenter_config agent set status").get(0));
        assertEquals("On Break", fs.agentStatus(AGENT));
        assertTrue(presence.freeAgents("vip").isEmpty(), "a reserved agent is not free");
        assertFalse(presence.reserve(agent, "frontdoor-callback r2"), "reserved once");
        presence.release(agent);
        assertEquals("Available", fs.agentStatus(AGENT));
        assertEquals(agent, told.poll(5, TimeUnit.SECONDS), "released: free again (status event)");

        fs.memberJoins("vip@default", "m-1", 1795432331L, 10);
        await("live caller", () -> presence.liveCallers("vip").size() == 1);
        assertEquals(10, presence.liveCallers("vip").get(0).priority());
        assertEquals(1795432331L, presence.liveCallers("vip").get(0).arrivedAt().getEpochSecond());
    }

    @Test
    void aReservationLeftByAnEarlierRunIsLifted() throws Exception {
        fs.agent("1002@default", "loopback/2002/default", "On Break", "Waiting", "vip@default");
        connect("ClueCon");
        EslAgentPresence presence = new EslAgentPresence(esl);
        esl.start();
        await("synchronised", presence::isConnected);
        assertTrue(presence.freeAgents("vip").stream().noneMatch(a -> a.name().equals("1002@default")));
        presence.release(new Agent("vip", "loopback/2002/default", "1002@default"));
        assertEquals("Available", fs.agentStatus("1002@default"));
    }

    private DialRequest request(String attempt) {
        return new DialRequest(attempt, "cb-1", DialRequest.Leg.CUSTOMER, "+8613800138000", "+861095588", Duration.ofSeconds(5));
    }

    @Test
    void originateOutcomesMapToDialResults() throws Exception {
        connect("ClueCon");
        EslDialer dialer = new EslDialer(esl, new EslDialer.Options("sofia/gateway/carrier/{digits}", "127.0.0.1:9",
                "frontdoor-handback", Duration.ofSeconds(5)));
        fs.outcomes(FreeSwitchEslPeer.Outcome.failed("NO_ANSWER"), FreeSwitchEslPeer.Outcome.failed("USER_BUSY"),
                FreeSwitchEslPeer.Outcome.failed("NO_ROUTE_DESTINATION"),
                FreeSwitchEslPeer.Outcome.failed("NORMAL_CIRCUIT_CONGESTION"));
        assertThrows(DialerUnavailableException.class, () -> dialer.dial(request("a0"), r -> { }),
                "nothing dialled before the session is up");
        esl.start();
        assertTrue(esl.awaitConnected(Duration.ofSeconds(5)));
        LinkedBlockingQueue<DialResult> results = new LinkedBlockingQueue<>();
        for (String a : new String[] {"a1", "a2", "a3", "a4"}) {
            dialer.dial(request(a), results::add);
        }
        List<DialResult> got = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(results.poll(5, TimeUnit.SECONDS));
        }
        got.sort(java.util.Comparator.comparing(DialResult::attemptId));
        assertEquals(DialResult.Outcome.NO_ANSWER, got.get(0).outcome());
        assertEquals(DialResult.Outcome.BUSY, got.get(1).outcome());
        assertEquals(DialResult.Outcome.FAILED, got.get(2).outcome());
        assertTrue(got.get(2).detail().contains("NO_ROUTE_DESTINATION"), got.get(2).detail());
        assertEquals(DialResult.Outcome.CONGESTION, got.get(3).outcome());
        String originate = fs.commands("bgapi originate").get(0);
        assertEquals("bgapi originate {frontdoor_flow=callback,FRONTDOOR_CALLBACK_ID=cb-1,FRONTDOOR_ATTEMPT_ID=a1,"
                + "FRONTDOOR_LEG=customer,frontdoor_handback=frontdoor-handback,originate_timeout=5,"
                + "origination_caller_id_number=+861095588}sofia/gateway/carrier/8613800138000 "
                + "&socket(127.0.0.1:9 async full)", originate);
        assertEquals(0, dialer.pendingAttempts());
    }

    @Test
    void aDropBeforeTheResultFailsTheAttemptOnce() throws Exception {
        connect("ClueCon");
        EslDialer dialer = new EslDialer(esl, EslDialer.Options.defaults());
        esl.start();
        assertTrue(esl.awaitConnected(Duration.ofSeconds(5)));
        fs.outcomes(FreeSwitchEslPeer.Outcome.ringing());
        LinkedBlockingQueue<DialResult> results = new LinkedBlockingQueue<>();
        dialer.dial(request("a9"), results::add);
        fs.awaitCommand("bgapi originate", 1, Duration.ofSeconds(5));
        fs.dropConnections();
        DialResult r = results.poll(10, TimeUnit.SECONDS);
        assertEquals(DialResult.Outcome.FAILED, r.outcome());
        assertTrue(r.detail().startsWith(EslDialer.CONNECTION_LOST), r.detail());
        assertEquals(null, results.poll(300, TimeUnit.MILLISECONDS), "told once");
    }

    @Test
    void dialStringsCannotSmuggleASecondLeg() {
        connect("ClueCon");
        EslDialer dialer = new EslDialer(esl, EslDialer.Options.defaults());
        assertThrows(IllegalArgumentException.class, () -> dialer.originate(new DialRequest("a", "c", DialRequest.Leg.CUSTOMER,
                "+86138 &park()", "", Duration.ofSeconds(5))));
        assertThrows(IllegalArgumentException.class, () -> dialer.originate(new DialRequest("a", "c", DialRequest.Leg.AGENT,
                "loopback/2001,loopback/2002", "", Duration.ofSeconds(5))));
        assertThrows(IllegalArgumentException.class, () -> dialer.originate(new DialRequest("a,b=c", "c", DialRequest.Leg.CUSTOMER,
                "+8613800138000", "", Duration.ofSeconds(5))));
        assertTrue(dialer.originate(new DialRequest("a", "c", DialRequest.Leg.AGENT, CONTACT, "", Duration.ofSeconds(5)))
                .contains("}" + CONTACT + " &socket("));
    }
}
