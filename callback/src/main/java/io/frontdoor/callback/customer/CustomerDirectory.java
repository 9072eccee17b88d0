package io.frontdoor.callback.customer;

import java.util.List;
import java.util.Optional;

/**
 * The customer store, looked up by phone number. Numbers are E.164 ({@code +8613800138000});
 * one number may belong to several customers (households, joint accounts).
 */
public interface CustomerDirectory {

    /** Every customer owning the number, in id order; empty for an unknown number. */
    List<Customer> findByPhone(String e164);

    /**
     * The customers owning a caller's number, each with whether they have history: everything a
     * greeting needs, in one round trip (it runs on every call, under a deadline).
     */
    List<CallerMatch> findCallers(String e164);

    /**
     * {@link #findCallers}'s answer when it is already in memory (no I/O, cannot hang), else
     * empty: callers of a caching directory then skip the deadline machinery a store query needs.
     */
    default Optional<List<CallerMatch>> cachedCallers(String e164) {
        return Optional.empty();
    }

    /** The customer with this id. */
    Optional<Customer> findById(String customerId);

    /** Whether the customer has any earlier interaction (call, callback, SMS) on record. */
    boolean hasHistory(String customerId);

    /** Number of customers in the store. */
    long count();
}
