package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.sip.media.RtpPacket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole front door over FrontDoor's own SIP endpoint, as `frontdoor serve` runs it by default
 * (shipped dialplans and prompts, embedded H2, the real FlowRunner), with sipp as the caller's
 * phone for signalling and a test socket as its media: it hears the RTP FrontDoor sends and keys
 * digits back as RFC 4733 events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontDoorOverSipTest {
    /** Monday 10:00 in Shanghai: the hotline flows are open. */
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    Path dir;
    Path repo;
    FrontDoorServer server;
    /** Stands in for the SIP trunk: nothing may ever reach it from an inbound call. */
    java.net.DatagramSocket trunk;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        repo = Path.of("..").toAbsolutePath().normalize();
        trunk = new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_SIP_TRUNK_HOST", "127.0.0.1:" + trunk.getLocalPort(),
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_CALLERID_TRUSTED_ENTRY_POINTS", "local",
                "FRONTDOOR_SPEECH_ENABLED", "false")), OPEN_HOURS); // keys only: no Sphinx4 loading
        var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                .importFile(repo.resolve("examples/customers.csv"));
        assertEquals(0, report.rejected(), report.errors().toString());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        trunk.close();
    }

    private Map<String, String> keys(String caller, RtpPeer media, String... more) {
        Map<String, String> k = new HashMap<>(Map.of("dialled", "100", "caller", caller,
                "rtp_port", Integer.toString(media.port()), "codecs", "0 8"));
        for (int i = 0; i < more.length; i += 2) {
            k.put(more[i], more[i + 1]);
        }
        return k;
    }

    private CompletableFuture<Sipp.Result> call(String scenario, Map<String, String> keys) {
        Sipp sipp = new Sipp(dir);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sipp.run(scenario, server.sipPort(), keys);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Interaction lastCallFrom(String phone) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
            var found = server.interactions().find(InteractionQuery.all(200)).stream()
                    .filter(i -> phone.equals(i.phone()) && i.outcome() != null)
                    .max(Comparator.comparing(Interaction::startedAt));
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no call from " + phone + " on the timeline");
    }

    private byte[] prompt(String id, G711 codec) throws Exception {
        return new PromptAudio().encoded(repo.resolve("prompts/en/" + id + ".wav"), codec);
    }

    /** The audio of the n-th prompt (0-based) as received, from its marker packet to the next. */
    private static byte[] heard(List<RtpPeer.Received> packets, int n) {
        List<byte[]> frames = new ArrayList<>();
        int prompt = -1;
        for (RtpPeer.Received r : packets) {
            RtpPacket p = r.packet();
            if (p.marker()) {
                prompt++;
            }
            if (prompt == n && p.payloadType() == 0) {
                frames.add(java.util.Arrays.copyOfRange(p.data(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        frames.forEach(f -> out.write(f, 0, f.length));
        return out.toByteArray();
    }

    @Test
    void aCallerChoosesFromTheMenuWithRfc4733DigitsAndHearsEveryPromptPacedAsRtp() throws Exception {
        try (RtpPeer media = new RtpPeer()) {
            CompletableFuture<Sipp.Result> sipp = call("caller.xml", keys("+8613900139000", media));
            assertTrue(media.awaitPrompts(2, 20_000), "greeting then main menu; prompts " + media.promptsStarted());
            media.key('1', 101); // balance
            assertTrue(media.awaitPrompts(4, 20_000), "balance then anything-else; prompts " + media.promptsStarted());
            media.key('9', 101); // goodbye
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), "FrontDoor hangs up with BYE after the choice: " + r);

            Interaction call = lastCallFrom("+8613900139000");
            assertEquals("C1002", call.customerId());
            assertEquals("first", call.greeting());
            assertEquals(Outcome.COMPLETED, call.outcome(), call.toString());
            assertTrue(call.path().contains("main_menu") && call.path().contains("balance")
                    && call.path().contains("anything_else"), call.path());
            assertTrue(call.choices().contains("1") && call.choices().contains("9"), call.choices());

            List<RtpPeer.Received> packets = media.packets();
            assertArrayEquals(prompt("greeting.first", G711.PCMU), java.util.Arrays.copyOf(heard(packets, 0),
                    prompt("greeting.first", G711.PCMU).length), "the first-time greeting, sample for sample");
            checkRtp(packets);
        }
    }

    /** PCMU as offered first, one SSRC, sequence +1 every packet, timestamp +160 within a prompt, ~20 ms apart. */
    private static void checkRtp(List<RtpPeer.Received> packets) {
        assertTrue(packets.size() > 100, "packets " + packets.size());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < packets.size(); i++) {
            RtpPacket a = packets.get(i - 1).packet();
            RtpPacket b = packets.get(i).packet();
            assertEquals(0, b.payloadType(), "payload type at " + i);
            assertEquals(a.ssrc(), b.ssrc(), "one SSRC");
            assertEquals((a.sequence() + 1) & 0xffff, b.sequence(), "sequence at packet " + i);
            if (!b.marker()) {
                assertEquals((a.timestamp() + 160) & 0xffffffffL, b.timestamp(), "timestamp at packet " + i);
                gaps.add(packets.get(i).nanos() - packets.get(i - 1).nanos());
            } else {
                assertTrue(((b.timestamp() - a.timestamp()) & 0xffffffffL) % 160 == 0, "a new prompt keeps the 20 ms grid");
            }
        }
        gaps.sort(null);
        long median = gaps.get(gaps.size() / 2);
        // pacing, not speed: a 20 ms sender has a median gap of 20 ms even on a loaded machine
        assertTrue(median > TimeUnit.MILLISECONDS.toNanos(15) && median < TimeUnit.MILLISECONDS.toNanos(25),
                "median gap between packets " + median / 1000 + " µs");
    }

    @Test
    void aMenuChoiceCanComeAsSipInfo() throws Exception {
        try (RtpPeer media = new RtpPeer()) {
            long greetingMs = prompt("greeting.unknown", G711.PCMU).length / 8;
            CompletableFuture<Sipp.Result> sipp = call("caller-info.xml", keys("+8613300133000", media,
                    "info_pause", Long.toString(greetingMs + 1500), "info_digit", "1"));
            assertTrue(media.awaitPrompts(4, 30_000), "greeting, menu, balance, anything else; prompts "
                    + media.promptsStarted());
            media.key('9', 101);
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), r.toString());
            Interaction call = lastCallFrom("+8613300133000");
            assertTrue(call.path().contains("balance"), call.path());
            assertTrue(call.choices().startsWith("main_menu=1") || call.choices().contains("1"), call.choices());
        }
    }

    @Test
    void aCallerWhoHangsUpMidPromptIsOnTheTimelineWhereTheyLeft() throws Exception {
        try (RtpPeer media = new RtpPeer()) {
            Sipp.Result r = call("caller-hangs-up.xml", keys("+8613600136000", media, "pause", "700"))
                    .get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), r.toString());
            Interaction call = lastCallFrom("+8613600136000");
            assertEquals(Outcome.CALLER_HUNG_UP, call.outcome(), call.toString());
            assertEquals("greet", call.endStep());
            assertTrue(media.packets().size() > 5 && media.packets().size() < 60,
                    "RTP stopped with the BYE: " + media.packets().size() + " packets");
        }
    }

    @Test
    void aCallToANumberNoHotlineClaimsIsServedHereAndNothingIsRelayedToTheTrunk() throws Exception {
        try (RtpPeer media = new RtpPeer()) {
            Map<String, String> k = keys("+8613300133999", media);
            k.put("dialled", "95588999");
            Sipp.Result r = call("caller.xml", k).get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), "FrontDoor answers and ends the call itself: " + r);
            Interaction call = lastCallFrom("+8613300133999");
            assertEquals("default", call.flow(), "the default flow serves it");
            assertEquals("95588999", call.dialled());
            assertTrue(media.promptsStarted() >= 1, "the caller heard FrontDoor's greeting");
            trunk.setSoTimeout(500);
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, () -> trunk.receive(p),
                    "no SIP message left for the trunk");
        }
    }
}
