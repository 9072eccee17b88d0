package io.frontdoor.callback.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of a customer's timeline: a call, a callback or an SMS. A voice call keeps the steps
 * it took, the choices made, the greeting given and how it ended.
 */
@Entity
@Table(name = "interaction")
public class Interaction {

    /** Channel of an interaction. */
    public enum Channel { VOICE, CALLBACK, SMS }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    /** Switch's id of the call (or message id); with {@link #channel} it makes re-recording idempotent. */
    @Column(name = "ref", length = 100, nullable = false)
    private String ref;

    @Column(name = "customer_id", length = 64)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", length = 16, nullable = false)
    private Channel channel;

    /** Caller's number, E.164, or null when withheld or not a valid number. */
    @Column(name = "phone", length = 20)
    private String phone;

    @Column(name = "dialled", length = 40)
    private String dialled;

    @Column(name = "flow", length = 100)
    private String flow;

    @Column(name = "language", length = 8)
    private String language;

    /** first, returning or unknown. */
    @Column(name = "greeting", length = 16)
    private String greeting;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", length = 20, nullable = false)
    private Outcome outcome;

    /** Step where the interaction ended (where the caller hung up, for CALLER_HUNG_UP). */
    @Column(name = "end_step", length = 100)
    private String endStep;

    /** Steps taken, in order, separated by {@code >}. */
    @Column(name = "path", length = 4000)
    private String path;

    /** Choices made, {@code step=value} separated by {@code ;}. */
    @Column(name = "choices", length = 2000)
    private String choices;

    /** Queue or transfer target chosen, if any. */
    @Column(name = "route", length = 100)
    private String route;

    @Column(name = "detail", length = 2000)
    private String detail;

    protected Interaction() {
        // for Hibernate and Jackson
    }

    private Interaction(Builder b) {
        this.ref = b.ref;
        this.customerId = b.customerId;
        this.channel = b.channel;
        this.phone = b.phone;
        this.dialled = b.dialled;
        this.flow = b.flow;
        this.language = b.language;
        this.greeting = b.greeting;
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.outcome = b.outcome;
        this.endStep = b.endStep;
        this.path = clip(b.path, 4000);
        this.choices = clip(b.choices, 2000);
        this.route = b.route;
        this.detail = clip(b.detail, 2000);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public static Builder builder(String ref, Channel channel, Instant startedAt) {
        return new Builder(ref, channel, startedAt);
    }

    public Long id() { return id; }
    public String ref() { return ref; }
    public String customerId() { return customerId; }
    public Channel channel() { return channel; }
    public String phone() { return phone; }
    public String dialled() { return dialled; }
    public String flow() { return flow; }
    public String language() { return language; }
    public String greeting() { return greeting; }
    public Instant startedAt() { return startedAt; }
    public Instant endedAt() { return endedAt; }
    public Outcome outcome() { return outcome; }
    public String endStep() { return endStep; }
    public String path() { return path; }
    public String choices() { return choices; }
    public String route() { return route; }
    public String detail() { return detail; }

    @Override
    public String toString() {
        return "Interaction[" + channel + " " + ref + ", customer " + customerId + ", " + outcome
                + " at " + endStep + "]";
    }

    /** Builds an {@link Interaction}; everything but ref, channel, start and outcome is optional. */
    public static final class Builder {
        private final String ref;
        private final Channel channel;
        private final Instant startedAt;
        private String customerId;
        private String phone;
        private String dialled;
        private String flow;
        private String language;
        private String greeting;
        private Instant endedAt;
        private Outcome outcome = Outcome.COMPLETED;
        private String endStep;
        private String path;
        private String choices;
        private String route;
        private String detail;

        private Builder(String ref, Channel channel, Instant startedAt) {
            this.ref = java.util.Objects.requireNonNull(ref, "ref");
            this.channel = java.util.Objects.requireNonNull(channel, "channel");
            this.startedAt = java.util.Objects.requireNonNull(startedAt, "startedAt");
        }

        public Builder customerId(String v) { this.customerId = v; return this; }
        public Builder phone(String v) { this.phone = v; return this; }
        public Builder dialled(String v) { this.dialled = v; return this; }
        public Builder flow(String v) { this.flow = v; return this; }
        public Builder language(String v) { this.language = v; return this; }
        public Builder greeting(String v) { this.greeting = v; return this; }
        public Builder endedAt(Instant v) { this.endedAt = v; return this; }
        public Builder outcome(Outcome v) { this.outcome = java.util.Objects.requireNonNull(v); return this; }
        public Builder endStep(String v) { this.endStep = v; return this; }
        public Builder path(String v) { this.path = v; return this; }
        public Builder choices(String v) { this.choices = v; return this; }
        public Builder route(String v) { this.route = v; return this; }
        public Builder detail(String v) { this.detail = v; return this; }

        public Interaction build() {
            return new Interaction(this);
        }
    }
}
