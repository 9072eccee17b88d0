package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.media.RtpPacket;
import io.frontdoor.ivr.sip.media.TelephoneEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The caller's media as the tests play it: a UDP socket on 127.0.0.1 named in the sipp scenario's
 * SDP. It keeps every RTP packet FrontDoor sends (with its arrival time) and keys digits back as
 * RFC 4733 events to where the packets come from (FrontDoor's RTP is symmetric).
 */
final class RtpPeer implements AutoCloseable {
    /** A packet as it arrived. */
    record Received(RtpPacket packet, long nanos, SocketAddress from) {
    }

    private final DatagramSocket socket;
    private final List<Received> packets = new ArrayList<>();
    private final Thread reader;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = 1000;

    RtpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = Thread.ofVirtual().start(this::read);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void read() {
        while (!socket.isClosed()) {
            DatagramPacket d = new DatagramPacket(new byte[2048], 2048);
            try {
                socket.receive(d);
            } catch (IOException e) {
                return;
            }
            RtpPacket p = RtpPacket.parse(java.util.Arrays.copyOf(d.getData(), d.getLength()), d.getLength());
            if (p != null) {
                synchronized (this) {
                    packets.add(new Received(p, System.nanoTime(), d.getSocketAddress()));
                    notifyAll();
                }
            }
        }
    }

    synchronized List<Received> packets() {
        return List.copyOf(packets);
    }

    /** Prompts started so far: packets with the marker bit. */
    synchronized int promptsStarted() {
        return (int) packets.stream().filter(r -> r.packet().marker()).count();
    }

    /** Waits until {@code n} prompts have started; false on timeout. */
    synchronized boolean awaitPrompts(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (promptsStarted() < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Keys a digit: three tone updates and three end packets, one timestamp (RFC 4733). */
    void key(char digit, int eventPt) throws IOException {
        SocketAddress to;
        synchronized (this) {
            if (packets.isEmpty()) {
                throw new IllegalStateException("no RTP from FrontDoor yet: nowhere to send digits");
            }
            to = packets.get(packets.size() - 1).from();
        }
        timestamp += 8000;
        for (int i = 0; i < 6; i++) {
            boolean end = i >= 3;
            ByteBuffer b = ByteBuffer.allocate(16);
            RtpPacket.writeHeader(b, eventPt, i == 0, sequence++ & 0xffff, timestamp, ssrc);
            TelephoneEvent.write(b, TelephoneEvent.event(digit), end, 10, Math.min(i + 1, 4) * 160);
            socket.send(new DatagramPacket(b.array(), 16, to));
        }
    }

    /** Sends {@code count} packets of PCMU audio (a 400 Hz tone) to where FrontDoor's RTP comes from. */
    void talk(int count) throws IOException {
        talk(count, 8000);
    }

    /** Like {@link #talk(int)} at the given amplitude (0: digital silence). */
    void talk(int count, int amplitude) throws IOException {
        SocketAddress to;
        synchronized (this) {
            if (packets.isEmpty()) {
                throw new IllegalStateException("no RTP from FrontDoor yet: nowhere to talk to");
            }
            to = packets.get(packets.size() - 1).from();
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer b = ByteBuffer.allocate(12 + 160);
            timestamp += 160;
            RtpPacket.writeHeader(b, 0, i == 0, sequence++ & 0xffff, timestamp, ssrc);
            for (int s = 0; s < 160; s++) {
                b.put(io.frontdoor.ivr.sip.media.G711.PCMU.encode((short) (amplitude * Math.sin(2 * Math.PI * 400 * s / 8000.0))));
            }
            socket.send(new DatagramPacket(b.array(), b.capacity(), to));
        }
    }

    /**
     * Speaks {@code pcm} (signed 16-bit little-endian, 8 kHz: telephone audio) as PCMU to where
     * FrontDoor's RTP comes from, one 20 ms packet every 20 ms, as a phone does; returns when sent.
     */
    void say(byte[] pcm) throws IOException, InterruptedException {
        SocketAddress to;
        synchronized (this) {
            if (packets.isEmpty()) {
                throw new IllegalStateException("no RTP from FrontDoor yet: nowhere to talk to");
            }
            to = packets.get(packets.size() - 1).from();
        }
        int samples = pcm.length / 2;
        long start = System.nanoTime();
        for (int i = 0, n = 0; i < samples; i += 160, n++) {
            ByteBuffer b = ByteBuffer.allocate(12 + 160);
            timestamp += 160;
            RtpPacket.writeHeader(b, 0, n == 0, sequence++ & 0xffff, timestamp, ssrc);
            for (int s = i; s < i + 160; s++) {
                short v = s < samples ? (short) ((pcm[2 * s] & 0xff) | (pcm[2 * s + 1] << 8)) : 0;
                b.put(io.frontdoor.ivr.sip.media.G711.PCMU.encode(v));
            }
            socket.send(new DatagramPacket(b.array(), b.capacity(), to));
            long due = start + (n + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /** Packets received from {@code ssrc}. */
    synchronized long packetsFrom(long ssrc) {
        return packets.stream().filter(r -> r.packet().ssrc() == ssrc).count();
    }

    long ssrc() {
        return ssrc;
    }

    /** Waits until a packet with {@code ssrc} arrived; false on timeout. */
    synchronized boolean awaitFrom(long ssrc, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (packetsFrom(ssrc) == 0) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
