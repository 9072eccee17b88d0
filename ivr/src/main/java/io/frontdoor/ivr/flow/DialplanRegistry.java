package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.rules.RuleEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows of the dialplan directory, one per {@code *.yaml} file, and which flow serves a call.
 * Each file is validated on its own: a broken file is rejected with its errors logged and the
 * previous good version of that flow keeps serving. An optional watcher reloads on change.
 *
 * <p>Thread-safe: calls read an immutable snapshot; reloads replace it.
 */
public final class DialplanRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DialplanRegistry.class);
    /** Flow used when neither the requested flow nor the dialled number picks one. */
    public static final String DEFAULT_FLOW = "default";

    private record Snapshot(Map<String, Dialplan> byName, Map<String, Dialplan> byHotline) {
    }

    private final Path directory;
    private final DialplanLoader loader;
    private final Map<Path, Dialplan> lastGood = new HashMap<>();
    private final DirectoryWatcher watcher;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    private volatile ReloadReport lastReport = new ReloadReport(List.of(), List.of());
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Loads the directory now.
     *
     * @param directory    folder of {@code *.yaml} dialplans
     * @param promptExists {@code (promptId, language) -> known}; {@code null} skips prompt checks
     * @param pollInterval how often to look for changed files; {@code null} or zero: no watcher
     */
    public DialplanRegistry(Path directory, BiPredicate<String, String> promptExists, Duration pollInterval) {
        this.directory = directory;
        this.loader = new DialplanLoader(new RuleEngine(), promptExists);
        boolean watch = pollInterval != null && !pollInterval.isZero() && !pollInterval.isNegative();
        // the watcher notes the files before the first load, so an edit in between is not missed
        this.watcher = watch ? new DirectoryWatcher(directory, pollInterval, this::reload) : null;
        reload();
    }

    /** Re-reads every file; logs each error as {@code file:line: reason}. */
    public synchronized ReloadReport reload() {
        List<String> errors = new ArrayList<>();
        Map<Path, Dialplan> loaded = new LinkedHashMap<>();
        for (Path file : files(errors)) {
            DialplanLoader.Result r = loader.load(file);
            errors.addAll(r.errors());
            Dialplan flow = r.flow() != null ? r.flow() : lastGood.get(file);
            if (r.flow() == null && flow != null) {
                LOG.warn("dialplan {} rejected; flow '{}' keeps its previous version", file, flow.name());
            }
            if (flow != null) {
                loaded.put(file, flow);
            }
        }
        Snapshot next = combine(loaded, errors);
        lastGood.keySet().retainAll(loaded.keySet());
        loaded.forEach((file, flow) -> {
            // remember only what actually serves, so a clashing version is never a fallback
            if (next.byName().get(flow.name()) == flow) {
                lastGood.put(file, flow);
            }
        });
        snapshot = next;
        errors.forEach(e -> LOG.error("dialplan error: {}", e));
        lastReport = new ReloadReport(next.byName().keySet().stream().sorted().toList(), errors);
        LOG.info("dialplans loaded from {}: {} ({} errors)", directory, lastReport.serving(), errors.size());
        for (Runnable l : reloadListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.error("after the dialplan reload: {}", e.toString());
            }
        }
        return lastReport;
    }

    /** Runs {@code listener} after every later reload (the flows serving may have changed). */
    public void onReload(Runnable listener) {
        reloadListeners.add(listener);
    }

    /** The serving flows that have a menu callers may speak to. */
    public List<String> flowsTakingSpeech() {
        return snapshot.byName().values().stream().filter(Dialplan::takesSpeech).map(Dialplan::name).sorted().toList();
    }

    /**
     * Cross-file checks in file order: the first file to claim a flow name or hotline keeps it. A
     * new version that clashes falls back to the file's previous good version when that one fits.
     */
    private Snapshot combine(Map<Path, Dialplan> loaded, List<String> errors) {
        Map<String, Dialplan> byName = new LinkedHashMap<>();
        Map<String, Dialplan> byHotline = new HashMap<>();
        loaded.forEach((file, flow) -> {
            List<String> clashes = clashes(flow, byName, byHotline);
            Dialplan chosen = flow;
            if (!clashes.isEmpty()) {
                errors.addAll(clashes);
                Dialplan previous = lastGood.get(file);
                chosen = previous != null && previous != flow
                        && clashes(previous, byName, byHotline).isEmpty() ? previous : null;
            }
            if (chosen != null) {
                Dialplan accepted = chosen;
                byName.put(accepted.name(), accepted);
                accepted.hotlines().forEach(h -> byHotline.put(h, accepted));
            }
        });
        return new Snapshot(Map.copyOf(byName), Map.copyOf(byHotline));
    }

    private static List<String> clashes(Dialplan flow, Map<String, Dialplan> byName,
            Map<String, Dialplan> byHotline) {
        List<String> out = new ArrayList<>();
        Dialplan sameName = byName.get(flow.name());
        if (sameName != null) {
            out.add(flow.source() + ":1: flow name '" + flow.name() + "' is already used by "
                    + sameName.source());
        }
        for (String h : flow.hotlines()) {
            Dialplan owner = byHotline.get(h);
            if (owner != null) {
                out.add(flow.source() + ":" + flow.hotlineLine(h) + ": hotline '" + h
                        + "' is already bound to flow '" + owner.name() + "' (" + owner.source() + ")");
            }
        }
        return out;
    }

    private List<Path> files(List<String> errors) {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            errors.add(directory + ":1: cannot list the dialplan directory: " + e.getMessage());
            return new ArrayList<>(lastGood.keySet());
        }
    }

    /** The report of the latest load. */
    public ReloadReport lastReport() {
        return lastReport;
    }

    /** A flow by name. */
    public Optional<Dialplan> flow(String name) {
        return Optional.ofNullable(name == null ? null : snapshot.byName().get(name));
    }

    /**
     * The flow for a new call: the requested flow when it names one, else the flow bound to the
     * dialled number (digits compared, '+', spaces and dashes ignored), else {@value #DEFAULT_FLOW}.
     */
    public Optional<Dialplan> forCall(String requestedFlow, String dialled) {
        Snapshot s = snapshot;
        Dialplan flow = requestedFlow == null ? null : s.byName().get(requestedFlow);
        if (flow == null && dialled != null) {
            flow = s.byHotline().get(Dialplan.digits(dialled));
        }
        return Optional.ofNullable(flow != null ? flow : s.byName().get(DEFAULT_FLOW));
    }

    /** Every flow serving now. */
    public Collection<Dialplan> flows() {
        return snapshot.byName().values();
    }

    /** Stops the watcher, if any. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
