package io.frontdoor.ivr.asterisk.ami.peer;

import java.time.Instant;

/** Event framing shared by the peer's parts: Asterisk 22 with {@code timestampevents=yes}. */
final class AmiEvents {
    private AmiEvents() {}

    /** {@code Event:}, {@code Privilege:}, {@code Timestamp:} — the first three lines of every ordinary event. */
    static AmiMessage event(String name, String privilege) {
        return new AmiMessage().add("Event", name).add("Privilege", privilege).add("Timestamp", timestamp());
    }

    /** Seconds with microseconds, as Asterisk prints them ({@code 1795431866.481264}). */
    static String timestamp() {
        Instant now = Instant.now();
        return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
    }

    /** {@code Queue:vip_pause_Local/2001@agents/n} style device state events (ami-07). */
    static AmiMessage deviceState(String device, String state) {
        return event("DeviceStateChange", "call,all").add("Device", device).add("State", state);
    }
}
