package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The RTP clock's lanes in Linux's real-time class, read back from the kernel. */
class MediaClockSchedulingTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    @Test
    void lanesAskedForARealtimePriorityRunAsSchedFifoAtIt() throws Exception {
        assumeTrue(realtimePermitted(), "this machine does not let the tests use SCHED_FIFO (root or CAP_SYS_NICE)");
        try (MediaClock clock = new MediaClock(2, 7)) {
            for (String name : new String[] {"rtp-clock", "rtp-clock-1"}) {
                long[] sched = awaitPolicy(name, SCHED_FIFO);
                assertEquals(SCHED_FIFO, sched[0], name + "'s policy");
                assertEquals(7, sched[1], name + "'s real-time priority");
            }
        }
    }

    @Test
    void lanesWithoutARealtimePriorityStayInTheNormalClass() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        try (MediaClock clock = new MediaClock(1, 0)) {
            Thread.sleep(100);
            long[] sched = policyOf("rtp-clock");
            assertEquals(SCHED_OTHER, sched[0]);
            assertEquals(0, sched[1]);
        }
    }

    @Test
    void anImpossiblePriorityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MediaClock(1, 100));
        assertThrows(IllegalArgumentException.class, () -> new MediaClock(1, -1));
    }

    /** Whether chrt may move a thread of this process to SCHED_FIFO here. */
    private static boolean realtimePermitted() throws Exception {
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            return false;
        }
        CompletableFuture<String> refused = new CompletableFuture<>();
        Thread probe = Thread.ofPlatform().start(() -> refused.complete(String.valueOf(RealtimeScheduling.applyToCurrentThread(1))));
        probe.join();
        return refused.get(5, TimeUnit.SECONDS).equals("null");
    }

    private static long[] awaitPolicy(String thread, int policy) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long[] sched = policyOf(thread);
        while (sched[0] != policy && System.nanoTime() < deadline) {
            Thread.sleep(20);
            sched = policyOf(thread);
        }
        return sched;
    }

    /** {policy, rt_priority} of this process's thread of that name, from /proc/self/task/N/stat. */
    private static long[] policyOf(String thread) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm;
                String stat;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                if (comm.equals(thread)) {
                    // fields after the command name's closing parenthesis: state is field 3;
                    // rt_priority is field 40 and policy field 41
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return new long[] {Long.parseLong(f[41 - 3]), Long.parseLong(f[40 - 3])};
                }
            }
        }
        throw new AssertionError("no thread named " + thread);
    }
}
