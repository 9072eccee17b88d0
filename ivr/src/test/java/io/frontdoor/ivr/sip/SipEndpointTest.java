package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.call.CallHangupException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint's SIP behaviour against sipp, with small call handlers instead of the flows. */
class SipEndpointTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    SipEndpoint endpoint;
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private SipEndpoint start(CallHandler handler, Map<InetAddress, String> trunks, int rate) throws Exception {
        endpoint = new SipEndpoint(new SipSettings(LOOPBACK, 0, null, trunks, rate), handler);
        return endpoint;
    }

    private SipEndpoint start(CallHandler handler) throws Exception {
        return start(handler, Map.of(LOOPBACK, "local"), 100);
    }

    private Map<String, String> keys(String... more) throws Exception {
        Map<String, String> k = new HashMap<>(Map.of("dialled", "100", "caller", "+8613900139000",
                "rtp_port", Integer.toString(Sipp.freeUdpPort()), "codecs", "0 8"));
        for (int i = 0; i < more.length; i += 2) {
            k.put(more[i], more[i + 1]);
        }
        return k;
    }

    @Test
    void aCallCancelledBeforeTheAnswerGets487AndTheFlowSeesTheHangUp() throws Exception {
        start(call -> {
            seen.add("dialled " + call.dialledNumber() + " from " + call.callerNumber() + " via " + call.entryPoint());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (call.isActive() && System.nanoTime() < end) {
                sleep(20);
            }
            try {
                call.answer();
                seen.add("answered");
            } catch (CallHangupException e) {
                seen.add("hung up before answer");
            }
        });
        Sipp.Result r = new Sipp(dir).run("cancel.xml", endpoint.port(), keys("pause", "300"));
        assertTrue(r.passed(), r.toString());
        assertEquals("dialled 100 from +8613900139000 via local", seen.poll(10, TimeUnit.SECONDS));
        assertEquals("hung up before answer", seen.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void reInviteToHoldIsAnsweredRecvonlyAndResumeSendrecv() throws Exception {
        start(call -> {
            call.answer();
            call.collectDigits(null, 1, Duration.ofSeconds(3));
            seen.add("still up " + call.isActive());
        });
        Sipp.Result r = new Sipp(dir).run("reinvite.xml", endpoint.port(), keys("pause", "300"));
        assertTrue(r.passed(), r.toString());
        assertEquals("still up true", seen.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anOfferWithoutG711IsRefusedWith488() throws Exception {
        start(call -> seen.add("a call got through"));
        Sipp.Result r = new Sipp(dir).run("refused.xml", endpoint.port(),
                keys("codecs", "18", "expect", "488"));
        assertTrue(r.passed(), r.toString());
        assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void anInviteFromAnAddressThatIsNoTrunkIsForbidden() throws Exception {
        start(call -> seen.add("a call got through"), Map.of(InetAddress.getByName("192.0.2.7"), "carrier"), 100);
        Sipp.Result r = new Sipp(dir).run("refused.xml", endpoint.port(), keys("expect", "403"));
        assertTrue(r.passed(), r.toString());
        assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void optionsIsAnsweredAndUnknownMethodsAreNotAllowed() throws Exception {
        start(call -> seen.add("a call got through"));
        Sipp sipp = new Sipp(dir);
        assertTrue(sipp.run("request.xml", endpoint.port(), keys("method", "OPTIONS", "cseq", "1", "expect", "200",
                "extra", "Accept: application/sdp")).passed());
        for (String method : new String[] {"SUBSCRIBE", "MESSAGE", "PUBLISH", "FROBNICATE"}) {
            Sipp.Result r = sipp.run("request.xml", endpoint.port(), keys("method", method, "cseq", "1",
                    "expect", "405", "extra", "Event: presence"));
            assertTrue(r.passed(), method + ": " + r);
        }
    }

    @Test
    void malformedMessagesAreRefusedOrDroppedAndTheEndpointStaysUp() throws Exception {
        start(call -> seen.add("a call got through"));
        Sipp sipp = new Sipp(dir);
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            raw.setSoTimeout(500);
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, endpoint.port());
            String badCseq = "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + raw.getLocalPort()
                    + ";branch=z9hG4bK-bad1\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\n"
                    + "Call-ID: bad-cseq-1\r\nCSeq: one OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            for (String junk : new String[] {badCseq, "\u0000\u0001garbage", "INVITE\r\n\r\n", "SIP/2.0 200 OK\r\n\r\n",
                    "INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\nContent-Length: 99999\r\n\r\nv=0",
                    "x".repeat(60000)}) {
                byte[] b = junk.getBytes(StandardCharsets.ISO_8859_1);
                raw.send(new DatagramPacket(b, b.length, to));
                // either no answer or a 400, never anything that looks like success
                DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                try {
                    raw.receive(reply);
                    String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
                    assertTrue(text.startsWith("SIP/2.0 400"), "answer to junk: " + text);
                } catch (java.net.SocketTimeoutException dropped) {
                    // dropped: fine
                }
            }
        }
        Sipp.Result ok = sipp.run("request.xml", endpoint.port(), keys("method", "OPTIONS", "cseq", "2",
                "expect", "200", "extra", "X-Test: after"));
        assertTrue(ok.passed(), "the endpoint still answers after the junk: " + ok);
        assertEquals(null, seen.poll(100, TimeUnit.MILLISECONDS), "no junk became a call");
    }

    @Test
    void optionsIsAnsweredOverTcpToo() throws Exception {
        start(call -> seen.add("a call got through"));
        Sipp.Result r = new Sipp(dir).run("request.xml", endpoint.port(), keys("method", "OPTIONS", "cseq", "1",
                "expect", "200", "extra", "Accept: application/sdp"), "-t", "t1");
        assertTrue(r.passed(), r.toString());
    }

    private static String invite(int localPort, int n) {
        String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n";
        return "INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-flood" + n
                + "\r\nFrom: <sip:+8613900139000@127.0.0.1>;tag=f" + n + "\r\nTo: <sip:100@127.0.0.1>\r\n"
                + "Call-ID: flood-" + n + "@127.0.0.1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:flood@127.0.0.1:" + localPort + ">\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    @Test
    void anInviteFloodFromOneSourceIsTurnedAwayWith503AndRetryAfter() throws Exception {
        start(call -> seen.add("call " + call.id()), Map.of(LOOPBACK, "local"), 5);
        int flood = 40;
        Map<String, String> finalAnswer = new HashMap<>();
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            raw.setSoTimeout(2000);
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, endpoint.port());
            for (int n = 0; n < flood; n++) {
                byte[] b = invite(raw.getLocalPort(), n).getBytes(StandardCharsets.ISO_8859_1);
                raw.send(new DatagramPacket(b, b.length, to));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (finalAnswer.size() < flood && System.nanoTime() < end) {
                DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                try {
                    raw.receive(reply);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?im)^Call-ID:\\s*(\\S+)").matcher(text);
                if (text.startsWith("SIP/2.0 1") || !id.find()) {
                    continue;
                }
                String status = text.substring(8, 11);
                if (status.equals("503")) {
                    assertTrue(text.matches("(?is).*\r\nRetry-After:\\s*\\d+.*"), "503 says when to retry: " + text);
                }
                finalAnswer.putIfAbsent(id.group(1), status);
            }
        }
        long refused = finalAnswer.values().stream().filter("503"::equals).count();
        long taken = seen.size();
        assertTrue(refused >= flood - 10, "most of the flood is refused: " + finalAnswer);
        assertTrue(taken >= 1 && taken <= 10, "the first few calls (the burst) are taken: " + taken);
    }

    @Test
    void anAgentRegistersWithDigestAuthenticationAndAWrongPasswordIsRefused() throws Exception {
        endpoint = new SipEndpoint(new SipSettings(LOOPBACK, 0, null, Map.of(LOOPBACK, "local"), 100, SipTrunk.none(),
                "agent-secret"), call -> seen.add("a call got through"));
        SipAgents agents = new SipAgents(new java.util.LinkedHashSet<>(List.of("vip/2001", "vip/2002=sip:2002@127.0.0.1:5999")));
        endpoint.agents(agents);
        assertEquals(null, agents.uri("2001"), "not registered yet");
        assertEquals(List.of("vip/2001 unreachable", "vip/2002 ready"), agents.describe());
        Sipp sipp = new Sipp(dir);
        Sipp.Result wrong = sipp.run("register.xml", endpoint.port(), keys("user", "2001", "password", "guess",
                "expect", "403"));
        assertTrue(wrong.passed(), wrong.toString());
        assertEquals(null, agents.uri("2001"), "a wrong password registers nothing");
        Sipp.Result stranger = sipp.run("request.xml", endpoint.port(), keys("method", "REGISTER", "cseq", "1",
                "dialled", "9999", "expect", "403", "extra", "Expires: 300"));
        assertTrue(stranger.passed(), "no such agent: " + stranger);
        Sipp.Result ok = sipp.run("register.xml", endpoint.port(), keys("user", "2001", "password", "agent-secret",
                "expect", "200"));
        assertTrue(ok.passed(), ok.toString());
        assertTrue(agents.uri("2001").startsWith("sip:2001@127.0.0.1:"), agents.uri("2001"));
        assertEquals(1, agents.freeAgents("vip").stream().filter(a -> a.id().equals("2001")).count());
        agents.ready("2001", false);
        assertEquals(0, agents.freeAgents("vip").stream().filter(a -> a.id().equals("2001")).count(), "not ready");
    }

    @Test
    void speechOverThePromptStopsItAndComesBackAsAnUtterance() throws Exception {
        Path prompt = Path.of("../prompts/en/menu.main.wav").toAbsolutePath();
        start(call -> {
            call.answer();
            Heard h = call.listen(new Audio(prompt, "menu.main", "menu"), Listening.keysOrSpeech(1, Duration.ofSeconds(5), true));
            seen.add(h.spoke() ? "said " + h.utterance().millis() / 100 * 100 + " ms, barged in " + h.utterance().bargedIn()
                    : "heard " + h);
        });
        try (RtpPeer media = new RtpPeer()) {
            Sipp sipp = new Sipp(dir);
            var caller = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return sipp.run("caller.xml", endpoint.port(), keys("rtp_port", Integer.toString(media.port())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(media.awaitPrompts(1, 10_000), "the prompt starts");
            Thread.sleep(300);
            for (int i = 0; i < 50; i++) { // one second of speech, then silence, paced like a phone
                media.talk(1);
                Thread.sleep(20);
            }
            int heardBefore = media.packets().size();
            for (int i = 0; i < 60; i++) {
                media.talk(1, 0);
                Thread.sleep(20);
            }
            String heard = seen.poll(10, TimeUnit.SECONDS);
            assertTrue(heard != null && heard.startsWith("said ") && heard.endsWith("barged in true"), "heard: " + heard);
            long ms = Long.parseLong(heard.split(" ")[1]);
            assertTrue(ms >= 1000 && ms <= 2500, "the utterance holds the second of speech and the end silence: " + heard);
            long promptPackets = java.nio.file.Files.size(prompt) / 320;
            assertTrue(heardBefore < promptPackets - 20, "the prompt stopped early: " + heardBefore + " of " + promptPackets);
            assertTrue(caller.get(30, TimeUnit.SECONDS).passed());
        }
    }

    @Test
    void anAgentCallsInFromAnAddressThatIsNoTrunkAfterProvingItsPassword() throws Exception {
        endpoint = new SipEndpoint(new SipSettings(LOOPBACK, 0, null, Map.of(InetAddress.getByName("192.0.2.7"), "carrier"),
                100, SipTrunk.none(), "agent-secret"), call -> {
                    seen.add("from " + call.callerNumber() + " via " + call.entryPoint());
                    call.answer();
                });
        endpoint.agents(new SipAgents(java.util.Set.of("vip/2001")));
        Sipp.Result r = new Sipp(dir).run("agent-call.xml", endpoint.port(), keys("caller", "2001",
                "password", "agent-secret"));
        assertTrue(r.passed(), r.toString());
        assertEquals("from 2001 via agents", seen.poll(5, TimeUnit.SECONDS));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
