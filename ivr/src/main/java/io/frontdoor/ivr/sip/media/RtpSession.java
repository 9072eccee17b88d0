package io.frontdoor.ivr.sip.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP media: a UDP socket, the audio this side sends (prompts, paced by the shared
 * {@link MediaClock}: one 20 ms frame of 160 samples a tick) and what it hears (RFC 4733 digits,
 * caller audio). Sequence number, timestamp and SSRC start at random (RFC 3550); the timestamp
 * follows the clock even while nothing is sent, and the first packet of each prompt carries the
 * marker bit. Symmetric: it sends from the port it receives on.
 */
public final class RtpSession implements MediaClock.Ticking, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int SAMPLES_PER_FRAME = 160;
    /** RFC 4733 digits sent: 5 packets of a tone (100 ms) then 3 end packets. */
    private static final int DIGIT_TICKS = 5;
    private static final int END_REPEATS = 3;

    /** What the session hears. Called on its receiving thread or the clock thread: do not block. */
    public interface Listener {
        /** A DTMF digit, reported once per key press. */
        default void digit(char digit) {
        }

        /** The playback started by {@link #play} with this id ended: to the end, or stopped. */
        default void played(long id, boolean completed) {
        }

        /** One received audio packet, decoded to signed 16-bit little-endian PCM (only while {@link #hearAudio}). */
        default void audio(byte[] pcm, int length) {
        }

        /** Every RTP packet as it arrived (for relaying between two legs); the buffer is reused. */
        default void packet(byte[] data, int length) {
        }
    }

    private final MediaClock clock;
    private final MediaClock.Lane lane;
    private final DatagramChannel channel;
    private final Listener listener;
    private final long ssrc = RANDOM.nextInt() & 0xffffffffL;
    private final long timestampBase = RANDOM.nextInt() & 0xffffffffL;
    private final ByteBuffer out = ByteBuffer.allocateDirect(RtpPacket.HEADER + SAMPLES_PER_FRAME);
    private final TelephoneEvent.Receiver events = new TelephoneEvent.Receiver();
    private final AtomicLong playIds = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final Thread receiver;
    private volatile InetSocketAddress remote;
    private volatile G711 codec = G711.PCMU;
    private volatile int eventPayloadType = -1;
    private volatile boolean sending = true;
    private volatile boolean hearAudio;
    private volatile RtpSession relay;
    private volatile boolean closed;
    // touched by the clock thread only (and play/stop under the lock)
    private int sequence = RANDOM.nextInt(1 << 16);
    private long ticks;
    private Playback playback;
    private char digitToSend;
    private int digitTick;
    private long digitTimestamp;
    private long lastSentTick = -2;
    private long lastSentAt;

    private record Playback(long id, byte[] audio, int[] position) {
    }

    /** Opens a socket on {@code bind} (any free port) and starts listening and the beat. */
    public RtpSession(MediaClock clock, InetAddress bind, Listener listener) throws IOException {
        this.clock = clock;
        this.listener = listener;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(bind, 0));
        this.receiver = Thread.ofVirtual().name("rtp-in-" + localPort()).start(this::receive);
        this.lane = clock.lane();
        lane.add(this);
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Where to send, in which codec, with which telephone-event payload type (-1: none). */
    public void remote(InetSocketAddress address, G711 codec, int eventPayloadType) {
        this.codec = codec;
        this.eventPayloadType = eventPayloadType;
        this.remote = address;
    }

    public G711 codec() {
        return codec;
    }

    /** Off: held (nothing is sent, prompts still run their course). */
    public void sending(boolean on) {
        this.sending = on;
    }

    /** Whether received audio is decoded and handed to {@link Listener#audio}. */
    public void hearAudio(boolean on) {
        this.hearAudio = on;
    }

    /**
     * Starts playing G.711 audio in this session's codec, replacing what is playing.
     *
     * @return the id that {@link Listener#played} reports when it ends
     */
    public long play(byte[] encoded) {
        long id = playIds.incrementAndGet();
        Playback stopped;
        synchronized (this) {
            stopped = playback;
            playback = new Playback(id, encoded, new int[] {0});
        }
        if (stopped != null) {
            listener.played(stopped.id, false);
        }
        return id;
    }

    /** Stops the current playback (reported as not completed). */
    public void stopPlayback() {
        Playback stopped;
        synchronized (this) {
            stopped = playback;
            playback = null;
        }
        if (stopped != null) {
            listener.played(stopped.id, false);
        }
    }

    /** Sends one DTMF digit as RFC 4733 events (ignored when the peer offered no telephone-event). */
    public synchronized void sendDigit(char digit) {
        if (TelephoneEvent.event(digit) >= 0) {
            digitToSend = digit;
            digitTick = 0;
        }
    }

    @Override
    public void tick() {
        Playback done = null;
        synchronized (this) {
            ticks++;
            long timestamp = (timestampBase + ticks * SAMPLES_PER_FRAME) & 0xffffffffL;
            InetSocketAddress to = sending ? remote : null;
            if (digitToSend != 0) {
                tickDigit(to, timestamp);
            } else if (playback != null) {
                Playback p = playback;
                int at = p.position[0];
                if (to != null) {
                    out.clear();
                    RtpPacket.writeHeader(out, codec.payloadType(), at == 0, nextSequence(), timestamp, ssrc);
                    int n = Math.min(SAMPLES_PER_FRAME, p.audio.length - at);
                    out.put(p.audio, at, n);
                    for (int i = n; i < SAMPLES_PER_FRAME; i++) {
                        out.put(codec.silence());
                    }
                    send(to);
                }
                p.position[0] = at + SAMPLES_PER_FRAME;
                if (p.position[0] >= p.audio.length) {
                    playback = null;
                    done = p;
                }
            }
        }
        if (done != null) {
            listener.played(done.id, true);
        }
    }

    private void tickDigit(InetSocketAddress to, long timestamp) {
        if (digitTick == 0) {
            digitTimestamp = timestamp;
        }
        boolean end = digitTick >= DIGIT_TICKS;
        int duration = Math.min(digitTick + 1, DIGIT_TICKS) * SAMPLES_PER_FRAME;
        if (to != null && eventPayloadType >= 0) {
            out.clear();
            RtpPacket.writeHeader(out, eventPayloadType, digitTick == 0, nextSequence(), digitTimestamp, ssrc);
            TelephoneEvent.write(out, TelephoneEvent.event(digitToSend), end, 10, duration);
            send(to);
        }
        digitTick++;
        if (digitTick >= DIGIT_TICKS + END_REPEATS) {
            digitToSend = 0;
        }
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xffff;
        return s;
    }

    /** Sends {@link #out} on the beat, and measures how late (see {@link MediaStats}). */
    private void send(SocketAddress to) {
        out.flip();
        try {
            channel.send(out, to);
            long now = System.nanoTime();
            long tick = lane.tickIndex();
            lane.stats().packetSent(now - lane.deadline(), lastSentTick == tick - 1 ? now - lastSentAt : -1);
            lastSentTick = tick;
            lastSentAt = now;
            sent.incrementAndGet();
        } catch (IOException e) {
            if (!closed) {
                log.debug("RTP send to {} failed: {}", to, e.toString());
            }
        }
    }

    /**
     * Relays every packet this session receives, as it is, out of {@code other} (B2BUA media between
     * two legs; both use the same codec, so nothing is transcoded). {@code null} stops relaying.
     */
    public void relayTo(RtpSession other) {
        this.relay = other;
    }

    /** Sends a packet as it is (relayed from the other leg). */
    public void forward(ByteBuffer packet) {
        InetSocketAddress to = sending ? remote : null;
        if (to == null) {
            return;
        }
        try {
            channel.send(packet, to);
            sent.incrementAndGet();
            clock.stats().packetRelayed();
        } catch (IOException e) {
            log.debug("RTP relay to {} failed: {}", to, e.toString());
        }
    }

    private void receive() {
        byte[] data = new byte[2048];
        ByteBuffer in = ByteBuffer.wrap(data);
        byte[] pcm = new byte[2 * 1024];
        TelephoneEvent.Receiver ev = events;
        while (!closed) {
            try {
                in.clear();
                channel.receive(in);
                int length = in.position();
                received.incrementAndGet();
                RtpSession other = relay;
                if (other != null) {
                    other.forward(ByteBuffer.wrap(data, 0, length));
                    continue;
                }
                listener.packet(data, length);
                RtpPacket p = RtpPacket.parse(data, length);
                if (p == null) {
                    continue;
                }
                if (p.payloadType() == eventPayloadType) {
                    for (char c : ev.accept(p).toCharArray()) {
                        listener.digit(c);
                    }
                } else if (hearAudio) {
                    G711 inCodec = G711.ofPayloadType(p.payloadType());
                    if (inCodec != null && p.payloadLength() <= pcm.length / 2) {
                        inCodec.decodeToPcm16le(data, p.payloadOffset(), p.payloadLength(), pcm, 0);
                        listener.audio(pcm, 2 * p.payloadLength());
                    }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.debug("RTP receive failed: {}", e.toString());
                }
            }
        }
    }

    /** Packets sent so far. */
    public long packetsSent() {
        return sent.get();
    }

    /** Packets received so far. */
    public long packetsReceived() {
        return received.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lane.remove(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        stopPlayback();
    }
}
