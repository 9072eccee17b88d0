package io.frontdoor.ivr.asterisk.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Asterisk dialling a FastAGI server, for load: the same bytes as {@link AsteriskAgiPeer} (env
 * block from {@link AgiEnv}, replies and hang-up lines from {@link AgiResponder}, the same reply
 * delays) but every channel on ONE event-loop thread with non-blocking sockets and a timer queue,
 * the way Asterisk's own I/O works. A load generator on the same two cores as the server under
 * test then costs a fraction of a thread-per-channel peer, so the figures measure the server.
 */
public final class EventLoopAgiPeer implements AutoCloseable {
    /** Asterisk sends the unsolicited HANGUP line about 40 ms after the reply it follows. */
    private static final long HANGUP_LINE_DELAY_NANOS = 40_000_000L;

    /** How one channel ended. */
    public record Outcome(boolean closedByServer, boolean timedOut, Exception failure, long envSentNanos,
            long firstCommandNanos, List<String> commands) {
    }

    private final InetSocketAddress server;
    private final Loop[] loops;
    private volatile boolean running = true;
    private int nextLoop;

    /** A peer dialling 127.0.0.1:{@code port} from {@code loopThreads} event loops, until {@link #close()}. */
    public EventLoopAgiPeer(int port, int loopThreads) throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.loops = new Loop[loopThreads];
        for (int i = 0; i < loopThreads; i++) {
            loops[i] = new Loop("agi-peer-loop-" + i);
        }
    }

    /** Starts one call (from one thread at a time); {@code done} runs on a loop thread when it ends. */
    public void dial(PeerCall call, Consumer<Outcome> done) {
        String env = AgiEnv.block(call, "127.0.0.1:" + server.getPort());
        Loop loop = loops[nextLoop++ % loops.length];
        loop.dials.add(loop.new Channel(env.getBytes(StandardCharsets.UTF_8), new AgiResponder(call),
                call.idleTimeout.toNanos(), done));
        loop.selector.wakeup();
    }

    /** CPU time the loop threads have used so far. */
    public long loopCpuNanos() {
        long sum = 0;
        for (Loop loop : loops) {
            sum += java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(loop.thread.threadId());
        }
        return sum;
    }

    @Override
    public void close() throws IOException {
        running = false;
        for (Loop loop : loops) {
            loop.selector.wakeup();
        }
        for (Loop loop : loops) {
            try {
                loop.thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.selector.close();
        }
    }

    private record Timer(long due, long sequence, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** One event-loop thread with its selector, timers and channels. */
    private final class Loop {
        private final Selector selector;
        private final Thread thread;
        private final Queue<Channel> dials = new ConcurrentLinkedQueue<>();
        private final PriorityQueue<Timer> timers = new PriorityQueue<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
        private long timerSequence;


        Loop(String name) throws IOException {
            this.selector = Selector.open();
            this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
        }

        private void run() {
            while (running) {
                try {
                    long now = System.nanoTime();
                    runDueTimers(now);
                    Channel c;
                    while ((c = dials.poll()) != null) {
                        c.connect();
                    }
                    Timer next = timers.peek();
                    long waitMillis = next == null ? 100 : Math.max(1, (next.due - System.nanoTime()) / 1_000_000L);
                    if (selector.select(Math.min(waitMillis, 100)) > 0) {
                        for (SelectionKey key : selector.selectedKeys()) {
                            Channel ch = (Channel) key.attachment();
                            ch.ready(key);
                        }
                        selector.selectedKeys().clear();
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        System.err.println("agi-peer-loop: " + e);
                    }
                }
            }
        }

        private void runDueTimers(long now) {
            Timer t;
            while ((t = timers.peek()) != null && t.due <= now) {
                timers.poll();
                t.action.run();
            }
        }

        private void at(long due, Runnable action) {
            timers.add(new Timer(due, timerSequence++, action));
        }

        /** One channel: its socket, the line being read, the replies waiting to be written. */
        private final class Channel {
            private final byte[] env;
            private final AgiResponder responder;
            private final long idleTimeoutNanos;
            private final Consumer<Outcome> done;
            private byte[] line = new byte[128];
            private int lineLength;
            private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>(2);
            private SocketChannel socket;
            private SelectionKey key;
            private long envSentNanos = -1;
            private long firstCommandNanos = -1;
            private long lastActivity;
            private final List<String> commands = new ArrayList<>(16);
            private boolean replyPending;
            private final ArrayDeque<String> queuedLines = new ArrayDeque<>(1);
            private boolean finished;

            Channel(byte[] env, AgiResponder responder, long idleTimeoutNanos, Consumer<Outcome> done) {
                this.env = env;
                this.responder = responder;
                this.idleTimeoutNanos = idleTimeoutNanos;
                this.done = done;
            }

            void connect() {
                try {
                    socket = SocketChannel.open();
                    socket.configureBlocking(false);
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    lastActivity = System.nanoTime();
                    if (socket.connect(server)) {
                        key = socket.register(selector, 0, this);
                        connected();
                    } else {
                        key = socket.register(selector, SelectionKey.OP_CONNECT, this);
                    }
                    watchIdle();
                } catch (IOException e) {
                    finish(false, false, e);
                }
            }

            private void watchIdle() {
                at(lastActivity + idleTimeoutNanos, () -> {
                    if (!finished) {
                        if (System.nanoTime() - lastActivity >= idleTimeoutNanos) {
                            finish(false, true, null);
                        } else {
                            watchIdle();
                        }
                    }
                });
            }

            void ready(SelectionKey k) {
                if (finished || !k.isValid()) {
                    return;
                }
                try {
                    if (k.isConnectable()) {
                        socket.finishConnect();
                        connected();
                        return;
                    }
                    if (k.isWritable()) {
                        flush();
                    }
                    if (k.isReadable()) {
                        read();
                    }
                } catch (IOException e) {
                    // A reset while reading: the server closed on us with our bytes unread.
                    finish(true, false, null);
                }
            }

            private void connected() throws IOException {
                output.add(ByteBuffer.wrap(env));
                flush();
                if (output.isEmpty()) {
                    envSentNanos = System.nanoTime();
                }
            }

            private void send(String text) {
                if (finished) {
                    return;
                }
                output.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                try {
                    flush();
                } catch (IOException e) {
                    // The server may already have closed; Asterisk would not care either.
                }
            }

            private void flush() throws IOException {
                while (!output.isEmpty()) {
                    ByteBuffer b = output.peek();
                    socket.write(b);
                    if (b.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                        return;
                    }
                    output.poll();
                }
                if (envSentNanos < 0) {
                    envSentNanos = System.nanoTime();
                }
                key.interestOps(SelectionKey.OP_READ);
            }

            private void read() throws IOException {
                readBuffer.clear();
                int n = socket.read(readBuffer);
                if (n < 0) {
                    finish(true, false, null);
                    return;
                }
                long now = System.nanoTime();
                lastActivity = now;
                readBuffer.flip();
                while (readBuffer.hasRemaining()) {
                    byte b = readBuffer.get();
                    if (b == '\n') {
                        String command = new String(line, 0, lineLength, StandardCharsets.UTF_8);
                        lineLength = 0;
                        if (firstCommandNanos < 0) {
                            firstCommandNanos = now;
                        }
                        commands.add(command);
                        if (replyPending) {
                            queuedLines.add(command);
                        } else {
                            answer(command);
                        }
                    } else {
                        if (lineLength == line.length) {
                            line = java.util.Arrays.copyOf(line, line.length * 2);
                        }
                        line[lineLength++] = b;
                    }
                }
            }

            /** Replies as {@link PeerChannel} does: after the command's delay, then any HANGUP line. */
            private void answer(String command) {
                long delay = responder.delayFor(command).toNanos();
                AgiResponder.Reply reply = responder.respond(command);
                Runnable write = () -> {
                    replyPending = false;
                    send(reply.text());
                    if (reply.hangupFollows()) {
                        at(System.nanoTime() + HANGUP_LINE_DELAY_NANOS, () -> send("HANGUP\n"));
                    } else if (responder.hangsUpAfter(responder.commandNumber()) && responder.hangUpIdle()) {
                        send("HANGUP\n");
                    }
                    String next = queuedLines.poll();
                    if (next != null) {
                        answer(next);
                    }
                };
                if (delay == 0) {
                    write.run();
                } else {
                    replyPending = true;
                    at(System.nanoTime() + (reply.hangupFollows() ? delay / 2 : delay), write);
                }
            }

            private void finish(boolean closedByServer, boolean timedOut, Exception failure) {
                if (finished) {
                    return;
                }
                finished = true;
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException e) {
                    // closing anyway
                }
                done.accept(new Outcome(closedByServer, timedOut, failure, envSentNanos, firstCommandNanos, List.copyOf(commands)));
            }
        }
    }
}
