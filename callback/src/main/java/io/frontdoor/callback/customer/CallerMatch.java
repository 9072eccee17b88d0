package io.frontdoor.callback.customer;

/**
 * A customer owning a caller's number, and whether they have any earlier interaction on record.
 *
 * @param customer   the customer (its phones are the one number matched; read the directory's
 *                   {@code findById} for all of them)
 * @param hasHistory whether the customer called, was called back or texted before
 */
public record CallerMatch(Customer customer, boolean hasHistory) {
}
