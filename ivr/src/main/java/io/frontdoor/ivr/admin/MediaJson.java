package io.frontdoor.ivr.admin;

import io.frontdoor.ivr.sip.media.MediaStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /media} as JSON: counters, then the figures since start ({@code total}) and in the
 * current window ({@code window}), each with {@code send_lateness_ms}, {@code send_jitter_ms},
 * {@code tick_wake_late_ms} and {@code tick_work_ms} as {@code count}, {@code p50}, {@code p90},
 * {@code p99}, {@code p999}, {@code max}, {@code mean} (milliseconds).
 */
final class MediaJson {
    private MediaJson() {
    }

    static Map<String, Object> of(MediaStats.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("streams_live", s.streams());
        m.put("clock_threads", s.clockThreads());
        m.put("packets_sent", s.packetsSent());
        m.put("packets_relayed", s.packetsRelayed());
        m.put("ticks", s.ticks());
        m.put("clock_resyncs", s.clockResyncs());
        m.put("total", figures(s.total()));
        m.put("window", figures(s.window()));
        return m;
    }

    private static Map<String, Object> figures(MediaStats.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", f.since().toString());
        m.put("send_lateness_ms", percentiles(f.sendLateness()));
        m.put("send_jitter_ms", percentiles(f.sendJitter()));
        m.put("tick_wake_late_ms", percentiles(f.tickWake()));
        m.put("tick_work_ms", percentiles(f.tickWork()));
        return m;
    }

    private static Map<String, Object> percentiles(MediaStats.Percentiles p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", p.count());
        m.put("p50", p.p50());
        m.put("p90", p.p90());
        m.put("p99", p.p99());
        m.put("p999", p.p999());
        m.put("max", p.max());
        m.put("mean", p.mean());
        return m;
    }
}
