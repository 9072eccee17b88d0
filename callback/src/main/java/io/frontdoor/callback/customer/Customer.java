package io.frontdoor.callback.customer;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A bank customer: who they are, how to greet them, which tier and language. Phone numbers are
 * E.164; one customer may have several and one number may be shared by several customers.
 */
@Entity
@Table(name = "customer")
public class Customer {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "name", length = 200, nullable = false)
    private String name;

    @Column(name = "salutation", length = 40)
    private String salutation;

    @Enumerated(EnumType.STRING)
    @Column(name = "tier", length = 16, nullable = false)
    private Tier tier;

    @Column(name = "language", length = 8, nullable = false)
    private String language;

    /** Comma-separated lower-case flags ("fraud_watch,deceased"), empty for none. */
    @Column(name = "flags", length = 500, nullable = false)
    private String flags;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "customer_phone", joinColumns = @JoinColumn(name = "customer_id"))
    @Column(name = "phone", length = 20, nullable = false)
    private Set<String> phones = new TreeSet<>();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Customer() {
        // for Hibernate
    }

    public Customer(String id, String name, String salutation, Tier tier, String language,
            Set<String> flags, Set<String> phones) {
        this.id = requireText(id, "id");
        this.name = requireText(name, "name");
        this.salutation = salutation == null ? "" : salutation.trim();
        this.tier = Objects.requireNonNull(tier, "tier");
        this.language = requireText(language, "language").toLowerCase(Locale.ROOT);
        this.flags = joinFlags(flags);
        this.phones = new TreeSet<>(phones);
        this.updatedAt = Instant.now();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value.trim();
    }

    private static String joinFlags(Set<String> flags) {
        return flags == null ? "" : flags.stream()
                .map(f -> f.trim().toLowerCase(Locale.ROOT))
                .filter(f -> !f.isEmpty())
                .sorted()
                .collect(Collectors.joining(","));
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** "Mr.", "Ms.", "先生"; empty when none. */
    public String salutation() {
        return salutation == null ? "" : salutation;
    }

    public Tier tier() {
        return tier;
    }

    /** ISO 639-1 language code the customer is served in ("en", "zh"). */
    public String language() {
        return language;
    }

    public Set<String> flags() {
        if (flags == null || flags.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(flags.split(","))));
    }

    /** The customer's numbers, E.164. */
    public Set<String> phones() {
        return Collections.unmodifiableSet(phones);
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Copies every field but the id from {@code other}: a re-import updates in place. */
    public void updateFrom(Customer other) {
        this.name = other.name;
        this.salutation = other.salutation;
        this.tier = other.tier;
        this.language = other.language;
        this.flags = other.flags;
        this.phones.clear();
        this.phones.addAll(other.phones);
        this.updatedAt = Instant.now();
    }

    @Override
    public String toString() {
        // names and numbers stay out of logs
        return "Customer[" + id + ", " + tier + ", " + language + "]";
    }
}
