package io.frontdoor.ivr.caller;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.ivr.call.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies callers from the customer store. The lookup runs on its own virtual thread with a
 * hard deadline: a store that is slow or down makes the caller "unknown" (generic welcome) instead
 * of holding the call.
 */
public final class StoreCallerIdentifier implements CallerIdentifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreCallerIdentifier.class);

    private final CustomerDirectory directory;
    private final PhoneNumbers phones;
    private final TrustPolicy trust;
    private final long timeoutNanos;
    /** Caller ID as the switch sent it → E.164 (parsing is a good part of a call's CPU). */
    private final com.github.benmanes.caffeine.cache.Cache<String, java.util.Optional<String>> normalised =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    public StoreCallerIdentifier(CustomerDirectory directory, PhoneNumbers phones, TrustPolicy trust, Duration timeout) {
        this.directory = directory;
        this.phones = phones;
        this.trust = trust;
        this.timeoutNanos = timeout.toNanos();
    }

    private record Found(List<Customer> customers, boolean history) {
        static final Found SKIPPED = new Found(List.of(), false);
    }

    private static Found found(List<io.frontdoor.callback.customer.CallerMatch> matches) {
        List<Customer> customers = matches.stream().map(io.frontdoor.callback.customer.CallerMatch::customer).toList();
        return new Found(customers, matches.size() == 1 && matches.get(0).hasHistory());
    }

    @Override
    public Caller identify(Call call) {
        long deadline = System.nanoTime() + timeoutNanos;
        String raw = call.callerNumber();
        var number = raw == null ? java.util.Optional.<String>empty() : normalised.get(raw, phones::toE164);
        if (number.isEmpty()) {
            return Caller.unknown(null, raw == null ? "withheld" : "not a valid number");
        }
        String e164 = number.get();
        var cached = directory.cachedCallers(e164);
        if (cached.isPresent()) {
            return identified(e164, found(cached.get()), trust.trusts(call));
        }
        Future<Found> lookup = lookups.submit(() -> {
            if (System.nanoTime() > deadline) {
                return Found.SKIPPED; // nobody waits for it any more: spare the store under overload
            }
            return found(directory.findCallers(e164));
        });
        // the attestation round trip to the switch overlaps with the store lookup
        boolean trusted = trust.trusts(call);
        Found found;
        try {
            found = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // never interrupt the lookup: an interrupt inside the database's file I/O closes the
            // embedded database for everyone; the late answer is simply dropped
            log.warn("customer lookup for {} took over {} ms: caller treated as unknown", Pii.phone(e164),
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            return Caller.unknown(e164, "lookup timed out");
        } catch (ExecutionException e) {
            log.warn("customer lookup for {} failed ({}): caller treated as unknown", Pii.phone(e164),
                    e.getCause().getMessage());
            return Caller.unknown(e164, "store unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Caller.unknown(e164, "interrupted");
        }
        return identified(e164, found, trusted);
    }

    private static Caller identified(String e164, Found found, boolean trusted) {
        if (found.customers().isEmpty()) {
            return Caller.unknown(e164, "not a customer");
        }
        if (found.customers().size() > 1) {
            return new Caller(e164, null, Greeting.UNKNOWN, false, found.customers(), "shared number");
        }
        Customer customer = found.customers().get(0);
        Greeting greeting = found.history() ? Greeting.RETURNING : Greeting.FIRST;
        return new Caller(e164, customer, greeting, trusted, List.of(), trusted ? "" : "untrusted caller ID");
    }

    @Override
    public Greeting greetingFor(String customerId) {
        Future<Boolean> lookup = lookups.submit(() -> directory.hasHistory(customerId));
        try {
            return lookup.get(timeoutNanos, TimeUnit.NANOSECONDS) ? Greeting.RETURNING : Greeting.FIRST;
        } catch (TimeoutException | ExecutionException e) {
            return Greeting.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Greeting.UNKNOWN;
        }
    }

    @Override
    public void close() {
        lookups.shutdown(); // not shutdownNow: see identify()
    }
}
