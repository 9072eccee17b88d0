package io.frontdoor.ivr.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a directory's {@code *.yaml} modification times and sizes on a virtual thread and runs an
 * action when they change. Polling rather than WatchService: it behaves the same on bind mounts
 * and network shares, where change events are often missing.
 */
final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path directory;
    private final Thread thread;
    private volatile boolean running = true;

    DirectoryWatcher(Path directory, Duration interval, Runnable onChange) {
        this.directory = directory;
        // taken before returning, so a change made right after construction is not missed
        Map<Path, List<Long>> initial = fingerprint();
        this.thread = Thread.ofVirtual().name("dialplan-watcher").start(() -> {
            Map<Path, List<Long>> seen = initial;
            while (running) {
                try {
                    Thread.sleep(interval);
                    Map<Path, List<Long>> now = fingerprint();
                    if (!now.equals(seen)) {
                        seen = now;
                        onChange.run();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a failed reload must not kill the watcher: the next change gets another try
                    LOG.error("dialplan reload failed", e);
                }
            }
        });
    }

    private Map<Path, List<Long>> fingerprint() {
        Map<Path, List<Long>> out = new HashMap<>();
        try (Stream<Path> s = Files.list(directory)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                try {
                    out.put(p, List.of(Files.getLastModifiedTime(p).toMillis(), Files.size(p)));
                } catch (IOException e) {
                    out.put(p, List.of(-1L));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list dialplan directory {}: {}", directory, e.getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
