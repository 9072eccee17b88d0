package io.frontdoor.ivr.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchPeer;
import io.frontdoor.ivr.freeswitch.peer.Transcript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EslCall and EslCallServer against the FreeSWITCH 1.10 peer over real loopback sockets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EslCallTest {
    static final Transcript ANSWER_PLAYBACK = Transcript.load("outbound-socket-answer-playback.txt");
    static final Transcript DTMF = Transcript.load("outbound-dtmf-play-and-get-digits.txt");
    static final Transcript SET_API = Transcript.load("outbound-set-export-and-api.txt");
    static final Transcript HANGUP_MID_PLAYBACK = Transcript.load("outbound-caller-hangup-mid-playback.txt");

    static Audio audio(String path) {
        return new Audio(Path.of(path + ".wav"), path, path);
    }

    /** Runs one call: the handler on our server, the peer as FreeSWITCH; returns what the handler saw. */
    static List<Object> run(FreeSwitchPeer peer, CallHandler handler) throws Exception {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> handled = new CompletableFuture<>();
        try (EslCallServer server = new EslCallServer(0, call -> {
            try {
                handler.handle(call);
                seen.add(call);
            } catch (RuntimeException e) {
                seen.add(e);
                throw e;
            } finally {
                handled.complete(null);
            }
        })) {
            FreeSwitchPeer.await(peer.call(server.port()));
            handled.get(5, TimeUnit.SECONDS);
        }
        return seen;
    }

    static List<String> sendmsgArgs(FreeSwitchPeer peer) {
        List<String> out = new ArrayList<>();
        for (String c : peer.commands) {
            if (c.startsWith("sendmsg")) {
                String app = field(c, "execute-app-name");
                String arg = field(c, "execute-app-arg");
                out.add(app == null ? "hangup" : app + (arg == null ? "" : " " + arg));
            }
        }
        return out;
    }

    static String field(String command, String name) {
        for (String l : command.split("\n")) {
            if (l.startsWith(name + ": ")) {
                return l.substring(name.length() + 2);
            }
        }
        return null;
    }

    @Test
    void answersPlaysAndHangsUpWithTheChannelDataOfTheConnectReply() throws Exception {
        FreeSwitchPeer peer = new FreeSwitchPeer(DTMF, ANSWER_PLAYBACK, SET_API);
        List<String> facts = new ArrayList<>();
        List<Object> seen = run(peer, call -> {
            facts.add(call.id());
            facts.add(call.callerNumber());
            facts.add(call.dialledNumber());
            facts.add(call.entryPoint());
            facts.add(String.valueOf(call.requestedFlow()));
            facts.add(call.attributes().get("Channel-Name"));
            call.answer();
            facts.add("played:" + call.play(audio("/prompts/en/greeting.first"), ""));
            call.hangup();
            facts.add("active:" + call.isActive());
        });

        assertEquals(List.of(peer.channelUuid, "+8613800138000", "95588", "default", "null", "loopback/95588-b",
                "played:", "active:false"), facts);
        assertInstanceOf(Call.class, seen.get(0));
        assertEquals(List.of("connect", "myevents", "linger"), peer.commands.subList(0, 3));
        assertEquals(List.of("answer", "set playback_terminators=none", "playback /prompts/en/greeting.first", "hangup"),
                sendmsgArgs(peer));
        String playback = peer.commands.get(5);
        assertTrue(playback.contains("\nevent-lock: true\n"), playback);
        assertTrue(field(playback, "Event-UUID").matches("[0-9a-f-]{36}"), playback);
        assertEquals("exit", peer.commands.get(peer.commands.size() - 1));
        assertTrue(peer.closedByServer(), "we close the socket after exit");
    }

    @Test
    void collectsDigitsWithPlayAndGetDigitsAndTimesOutEmpty() throws Exception {
        FreeSwitchPeer peer = new FreeSwitchPeer(DTMF, SET_API);
        List<String> digits = new ArrayList<>();
        run(peer, call -> {
            call.answer();
            digits.add(call.collectDigits(audio("en/menu.main"), 1, Duration.ofSeconds(5)));
            digits.add(call.collectDigits(null, 1, Duration.ofSeconds(5)));
            call.hangup();
        });

        assertEquals(List.of("1", ""), digits);
        assertEquals(List.of("answer",
                "play_and_get_digits 1 1 1 5000 # en/menu.main silence_stream://250 fd_digit [0-9*] 5000",
                "play_and_get_digits 1 1 1 5000 # silence_stream://250 silence_stream://250 fd_digit [0-9*] 5000",
                "hangup"), sendmsgArgs(peer));
        assertTrue(peer.closedByServer());
    }

    @Test
    void setsAndReadsVariablesThenHandsTheCallBackToTheDialplan() throws Exception {
        FreeSwitchPeer peer = new FreeSwitchPeer(SET_API, DTMF).channelVariable("frontdoor_flow", "hotline-en");
        List<String> facts = new ArrayList<>();
        run(peer, call -> {
            facts.add(call.requestedFlow());
            call.answer();
            call.setVariable("FRONTDOOR_GREETING", "first");
            facts.add(call.variable("FRONTDOOR_TRUST"));
            facts.add(String.valueOf(call.variable("FRONTDOOR_NOT_SET")));
            call.handOffToQueue("vip", 10);
            facts.add("active:" + call.isActive());
            call.hangup(); // after a hand-back: nothing is sent
        });

        assertEquals(List.of("hotline-en", "high", "null", "active:false"), facts);
        assertEquals(List.of("answer", "set FRONTDOOR_GREETING=first", "set QUEUE_PRIO=10", "set FRONTDOOR_ROUTE=vip",
                "set FRONTDOOR_ACTION=queue", "set socket_resume=true"), sendmsgArgs(peer));
        assertTrue(peer.commands.contains("api uuid_getvar " + peer.channelUuid + " FRONTDOOR_TRUST"), peer.commands.toString());
        assertEquals("exit", peer.commands.get(peer.commands.size() - 1));
        assertEquals(1, peer.commands.stream().filter("exit"::equals).count());
        assertTrue(peer.closedByServer());
    }

    @Test
    void callerHangingUpMidPlaybackThrowsAndWeCloseTheSocket() throws Exception {
        FreeSwitchPeer peer = new FreeSwitchPeer(HANGUP_MID_PLAYBACK, SET_API);
        List<Object> after = new ArrayList<>();
        List<Object> seen = run(peer, call -> {
            call.answer();
            try {
                call.play(audio("tone_stream://%(1000,0,440);loops=30"), "#");
                after.add("played to the end");
            } catch (CallHangupException e) {
                after.add(e);
                after.add("active:" + call.isActive());
                call.hangup(); // safe, sends nothing
                try {
                    call.answer();
                } catch (CallHangupException again) {
                    after.add("again");
                }
                throw e;
            }
        });

        assertInstanceOf(CallHangupException.class, after.get(0), after.toString());
        assertEquals(List.of("active:false", "again"), after.subList(1, 3));
        assertInstanceOf(CallHangupException.class, seen.get(0));
        assertEquals(List.of("answer", "set playback_terminators=#", "playback tone_stream://%(1000,0,440);loops=30"),
                sendmsgArgs(peer));
        assertEquals("exit", peer.commands.get(peer.commands.size() - 1));
        assertTrue(peer.exitReceived());
        assertTrue(peer.closedByServer(), "the socket is closed by us");
    }

    @Test
    void framingReadsEveryRecordedMessageIncludingANestedEventBody() {
        int events = 0;
        EslMessage job = null;
        for (Transcript t : List.of(ANSWER_PLAYBACK, DTMF, SET_API, HANGUP_MID_PLAYBACK)) {
            for (Transcript.Exchange ex : t.exchanges) {
                for (Transcript.Raw raw : ex.messages()) {
                    String type = raw.message().contentType();
                    assertTrue(List.of("command/reply", "api/response", "text/event-plain", "text/disconnect-notice")
                            .contains(type), type);
                    if (raw.message().isEvent()) {
                        events++;
                        EslMessage e = raw.message().event();
                        assertTrue(e.header("Event-Name") != null, raw.text());
                        if ("BACKGROUND_JOB".equals(e.header("Event-Name"))) {
                            job = e;
                        }
                    }
                }
            }
        }
        assertTrue(events > 50, "events parsed: " + events);
        assertEquals("first", job.bodyText());
        assertEquals(SET_API.channelUuid + " FRONTDOOR_GREETING", job.header("Job-Command-Arg"));
        EslMessage connect = DTMF.exchanges.get(0).messages().get(0).message().decoded();
        assertEquals("+OK\n", connect.header("Reply-Text"));
        assertEquals("+8613800138000", connect.header("Caller-Caller-ID-Number"));
    }

    @Test
    void percentDecodingKeepsPlusAndDecodesUtf8() {
        assertEquals("+OK\n", EslMessage.percentDecode("%2BOK%0A"));
        assertEquals("+OK Events Enabled", EslMessage.percentDecode("+OK Events Enabled"));
        assertEquals("张三 50%", EslMessage.percentDecode("%E5%BC%A0%E4%B8%89%2050%25"));
        assertFalse(Map.of().containsKey("x"));
        assertNull(EslMessage.percentDecode(null));
    }
}
