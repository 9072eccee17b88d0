package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.CallerIdentifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** Writes dialplans to a temp folder and runs calls through a real registry and FlowRunner. */
final class FlowHarness {
    /** Monday 2026-11-23 10:00 in Shanghai. */
    static final Clock MONDAY_10AM = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("UTC"));

    final Path dir;
    final FakeAudioCatalog audio = new FakeAudioCatalog();
    final FakeCallers.Log log = new FakeCallers.Log();
    Clock clock = MONDAY_10AM;
    int stepBudget = FlowRunner.DEFAULT_STEP_BUDGET;
    /** Callbacks for offer_callback steps and callback calls; null: callbacks off. */
    CallbackService callbacks;
    CallbackDispatcher dispatcher;
    private DialplanRegistry registry;

    FlowHarness(Path dir) {
        this.dir = dir;
    }

    /** Writes (or overwrites) a dialplan file. */
    FlowHarness file(String name, String yaml) {
        try {
            Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    DialplanRegistry registry() {
        if (registry == null) {
            registry = new DialplanRegistry(dir, audio::has, null);
        }
        return registry;
    }

    FlowRunner runner(CallerIdentifier identifier) {
        return new FlowRunner(registry(), identifier, audio, log, clock, stepBudget, callbacks, dispatcher);
    }

    /** Runs one call with a fixed caller and returns what was recorded. */
    Interaction run(RecordingCall call, Caller caller) {
        runner(FakeCallers.Identifier.always(caller)).handle(call);
        return log.recorded.get(log.recorded.size() - 1);
    }
}
