package io.frontdoor.callback.dispatch;

import java.util.Objects;

/**
 * An agent as a member of one switch queue.
 *
 * @param queue the switch queue (also the virtual queue's name)
 * @param id    the member's interface on the switch ({@code PJSIP/2001}, {@code Local/2001@agents/n}):
 *              what the switch pauses and what a callback is bridged to
 * @param name  the member name shown to people ({@code Agent 2001}), never empty
 */
public record Agent(String queue, String id, String name) {
    public Agent {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
    }
}
