package io.frontdoor.ivr.asterisk;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link AgiCallServer} on an ephemeral loopback port, a peer dialling it, and what each call did. */
final class AgiHarness implements AutoCloseable {

    /** What a test makes the call do; its return value is kept for assertions. */
    interface CallScript {
        Object run(Call call) throws Exception;
    }

    /** One finished handler run: the call, the script's value, or what it threw. */
    record Outcome(Call call, Object value, Throwable error) {
    }

    final AgiCallServer server;
    final AsteriskAgiPeer peer;
    final AtomicInteger handled = new AtomicInteger();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private volatile CallScript script = call -> null;

    AgiHarness() {
        this(Duration.ofSeconds(10));
    }

    AgiHarness(Duration readTimeout) {
        server = new AgiCallServer(this::handle, InetAddress.getLoopbackAddress(), 0, readTimeout);
        server.start();
        peer = new AsteriskAgiPeer(server.port());
    }

    AgiHarness script(CallScript value) {
        script = value;
        return this;
    }

    private void handle(Call call) {
        handled.incrementAndGet();
        try {
            outcomes.add(new Outcome(call, script.run(call), null));
        } catch (Exception | Error e) {
            outcomes.add(new Outcome(call, null, e));
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
        }
    }

    /** The next finished call (waits up to 10 s). */
    Outcome outcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        assertNotNull(outcome, "no call finished within 10 s");
        return outcome;
    }

    /** Whether a call finished within the given time (for "never reached the handler"). */
    Outcome pollOutcome(Duration wait) throws InterruptedException {
        return outcomes.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Audio audio(String switchPath) {
        return new Audio(Path.of("/var/lib/frontdoor/prompts/en/" + switchPath + ".wav"), switchPath, switchPath);
    }

    @Override
    public void close() {
        server.close();
    }
}
