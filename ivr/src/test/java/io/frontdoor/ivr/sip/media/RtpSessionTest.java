package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RTP over real UDP sockets on 127.0.0.1: what the session sends and what it hears. */
class RtpSessionTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    MediaClock clock;
    DatagramSocket peer;
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    RtpSession session;

    @BeforeEach
    void open() throws Exception {
        clock = new MediaClock();
        peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(3000);
        session = new RtpSession(clock, LOOPBACK, new RtpSession.Listener() {
            @Override
            public void digit(char digit) {
                heard.add("digit " + digit);
            }

            @Override
            public void played(long id, boolean completed) {
                heard.add("played " + id + " " + completed);
            }
        });
    }

    @AfterEach
    void close() {
        session.close();
        peer.close();
        clock.close();
    }

    private List<RtpPacket> receive(int count) throws Exception {
        List<RtpPacket> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DatagramPacket d = new DatagramPacket(new byte[1500], 1500);
            peer.receive(d);
            RtpPacket p = RtpPacket.parse(java.util.Arrays.copyOf(d.getData(), d.getLength()), d.getLength());
            out.add(p);
        }
        return out;
    }

    @Test
    void aPromptGoesOutAsConsecutiveFramesOfTwentyMilliseconds() throws Exception {
        Path wav = Path.of("../prompts/en/goodbye.wav").toAbsolutePath();
        byte[] audio = new PromptAudio().encoded(wav, G711.PCMA);
        session.remote(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), G711.PCMA, 101);
        long id = session.play(audio);
        int frames = (audio.length + 159) / 160;
        List<RtpPacket> packets = receive(frames);
        assertEquals("played " + id + " true", heard.poll(3, TimeUnit.SECONDS));
        assertTrue(packets.get(0).marker(), "the first packet of a prompt carries the marker");
        byte[] sent = new byte[frames * 160];
        for (int i = 0; i < frames; i++) {
            RtpPacket p = packets.get(i);
            assertEquals(8, p.payloadType());
            assertEquals(160, p.payloadLength());
            assertEquals(packets.get(0).ssrc(), p.ssrc());
            if (i > 0) {
                assertFalse(p.marker());
                assertEquals((packets.get(i - 1).sequence() + 1) & 0xffff, p.sequence(), "sequence at " + i);
                assertEquals((packets.get(i - 1).timestamp() + 160) & 0xffffffffL, p.timestamp(), "timestamp at " + i);
            }
            System.arraycopy(p.data(), p.payloadOffset(), sent, i * 160, 160);
        }
        assertArrayEquals(audio, java.util.Arrays.copyOf(sent, audio.length), "the prompt's audio, byte for byte");
        peer.setSoTimeout(200);
        assertThrows(java.net.SocketTimeoutException.class, () -> receive(1), "nothing after the prompt");
    }

    private static void assertThrows(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e,
            String message) {
        org.junit.jupiter.api.Assertions.assertThrows(type, e, message);
    }

    @Test
    void stoppingAPromptReportsItUnfinished() throws Exception {
        session.remote(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), G711.PCMU, -1);
        long id = session.play(new byte[160 * 500]);
        receive(2);
        session.stopPlayback();
        assertEquals("played " + id + " false", heard.poll(3, TimeUnit.SECONDS));
    }

    private void sendEvent(int seq, long ts, int event, boolean end, int duration) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16);
        RtpPacket.writeHeader(b, 101, false, seq, ts, 1234);
        TelephoneEvent.write(b, event, end, 10, duration);
        peer.send(new DatagramPacket(b.array(), 16, new InetSocketAddress(LOOPBACK, session.localPort())));
    }

    @Test
    void rfc4733DigitsAreHeardOnceEachDespiteRedundantEndPackets() throws Exception {
        session.remote(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), G711.PCMU, 101);
        int seq = 100;
        // "1": three updates, then the end packet three times (RFC 4733 section 2.5.1.4)
        for (int d = 1; d <= 3; d++) {
            sendEvent(seq++, 8000, 1, false, d * 160);
        }
        for (int i = 0; i < 3; i++) {
            sendEvent(seq++, 8000, 1, true, 640);
        }
        // "#" (event 11), end packets only
        for (int i = 0; i < 3; i++) {
            sendEvent(seq++, 9600, 11, true, 480);
        }
        // "5" whose end packets were all lost, followed by "0"
        sendEvent(seq++, 11200, 5, false, 160);
        sendEvent(seq++, 12800, 0, false, 160);
        sendEvent(seq++, 12800, 0, true, 320);
        List<String> digits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String h = heard.poll(3, TimeUnit.SECONDS);
            digits.add(h);
        }
        assertEquals(List.of("digit 1", "digit #", "digit 5", "digit 0"), digits);
        assertEquals(null, heard.poll(300, TimeUnit.MILLISECONDS), "no digit twice");
    }

    @Test
    void digitsAreSentAsEventsWithAnEndBit() throws Exception {
        session.remote(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), G711.PCMU, 96);
        session.sendDigit('7');
        List<RtpPacket> packets = receive(8);
        TelephoneEvent.Receiver r = new TelephoneEvent.Receiver();
        StringBuilder got = new StringBuilder();
        for (RtpPacket p : packets) {
            assertEquals(96, p.payloadType());
            assertEquals(packets.get(0).timestamp(), p.timestamp(), "one event, one timestamp");
            got.append(r.accept(p));
        }
        assertEquals("7", got.toString());
        assertTrue((packets.get(7).data()[packets.get(7).payloadOffset() + 1] & 0x80) != 0, "ends with the end bit");
    }
}
