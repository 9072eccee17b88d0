package io.frontdoor.ivr.sip.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread in Linux's real-time class ({@code SCHED_FIFO}), as Asterisk's {@code -p}
 * and FreeSWITCH's {@code -rp} do for their media threads. Java has no call for it, so this runs
 * util-linux's {@code chrt} on the thread's own id ({@code /proc/thread-self}).
 *
 * <p>Why: on Linux's EEVDF scheduler (6.6 and later) a nice −20 thread that wakes on a busy core
 * may still wait for the running task's slice; a {@code SCHED_FIFO} thread preempts at once. The
 * RTP clock sleeps between its 20 ms ticks and works a few milliseconds in each, far inside the
 * kernel's real-time throttle (95 % of every second by default), so it cannot starve the machine.
 * Needs root or {@code CAP_SYS_NICE}; without them the thread stays where it was.
 */
final class RealtimeScheduling {
    private RealtimeScheduling() {
    }

    /**
     * Moves the current thread to {@code SCHED_FIFO} at {@code priority} (1–99).
     *
     * @return null when done, else why not (for one log line)
     */
    static String applyToCurrentThread(int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("real-time priority must be 1-99: " + priority);
        }
        String tid;
        try {
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "no /proc/thread-self (not Linux?)";
        }
        try {
            Process p = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), tid)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "chrt did not finish";
            }
            return p.exitValue() == 0 ? null : out.isEmpty() ? "chrt exited with " + p.exitValue() : out;
        } catch (IOException e) {
            return "chrt not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
