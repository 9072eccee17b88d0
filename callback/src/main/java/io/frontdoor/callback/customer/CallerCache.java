package io.frontdoor.callback.customer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The customer directory with the per-call lookup ({@link #findCallers}) cached in memory, so the
 * callers who ring most (repeat callers, and floods from one unknown number) are greeted without a
 * database round trip, and keep being greeted by name while the store is briefly down.
 *
 * <p>The database stays the truth: entries live at most {@code ttl}, so a change made elsewhere (an
 * import from the command line, another node) is seen within it. A lookup that fails is not
 * cached. History this node writes (see {@link #historyRecorded}) updates the entry at once, so a
 * first-time caller who rings again is welcomed back straight away.
 */
public final class CallerCache implements CustomerDirectory {
    private final CustomerDirectory store;
    private final Cache<String, List<CallerMatch>> callers;

    /**
     * @param store      the directory to read through
     * @param maxEntries most numbers kept (least recently and least frequently used go first)
     * @param ttl        longest time an entry is trusted
     */
    public CallerCache(CustomerDirectory store, long maxEntries, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.callers = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    @Override
    public List<CallerMatch> findCallers(String e164) {
        List<CallerMatch> cached = callers.getIfPresent(e164);
        if (cached != null) {
            return cached;
        }
        // not computeIfAbsent: a slow store must not hold other callers of the same number in a lock
        List<CallerMatch> found = List.copyOf(store.findCallers(e164));
        callers.put(e164, found);
        return found;
    }

    @Override
    public Optional<List<CallerMatch>> cachedCallers(String e164) {
        return Optional.ofNullable(callers.getIfPresent(e164));
    }

    /**
     * Notes that {@code customerId} now has history (an interaction was stored for them from
     * {@code e164}); a cached lookup of that number is updated in place.
     */
    public void historyRecorded(String customerId, String e164) {
        if (customerId == null || e164 == null) {
            return;
        }
        callers.asMap().computeIfPresent(e164, (number, matches) -> {
            List<CallerMatch> updated = new ArrayList<>(matches.size());
            for (CallerMatch m : matches) {
                updated.add(m.customer().id().equals(customerId) && !m.hasHistory()
                        ? new CallerMatch(m.customer(), true) : m);
            }
            return List.copyOf(updated);
        });
    }

    /**
     * {@code log} as it is, but each interaction it stores also marks its customer's number as
     * having history here (see {@link #historyRecorded}).
     */
    public InteractionLog noting(InteractionLog log) {
        Objects.requireNonNull(log, "log");
        return new InteractionLog() {
            @Override
            public void record(Interaction interaction) {
                log.record(interaction);
                historyRecorded(interaction.customerId(), interaction.phone());
            }

            @Override
            public void recordAll(List<Interaction> interactions) {
                log.recordAll(interactions);
                interactions.forEach(i -> historyRecorded(i.customerId(), i.phone()));
            }

            @Override
            public List<Interaction> find(InteractionQuery query) {
                return log.find(query);
            }
        };
    }

    /** Forgets every cached lookup (after this node changed customers). */
    public void invalidateAll() {
        callers.invalidateAll();
    }

    /** Numbers cached right now (approximate). */
    public long size() {
        return callers.estimatedSize();
    }

    @Override
    public List<Customer> findByPhone(String e164) {
        return store.findByPhone(e164);
    }

    @Override
    public Optional<Customer> findById(String customerId) {
        return store.findById(customerId);
    }

    @Override
    public boolean hasHistory(String customerId) {
        return store.hasHistory(customerId);
    }

    @Override
    public long count() {
        return store.count();
    }
}
