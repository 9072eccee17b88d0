package io.frontdoor.ivr.caller;

import io.frontdoor.callback.customer.Customer;
import java.util.List;
import java.util.Optional;

/**
 * The result of identifying a caller from the caller ID.
 *
 * @param number     caller's number in E.164, or {@code null} when withheld or not a valid number
 * @param customer   the one customer the number belongs to, or {@code null} (unknown number, shared
 *                   number, lookup timed out)
 * @param greeting   first, returning or unknown
 * @param nameTrusted whether policy lets FrontDoor speak the customer's name (caller ID trusted for
 *                   the entry point, or attested); false whenever {@code customer} is null
 * @param candidates all customers sharing the number when it is shared (size 2 or more), else empty
 * @param note       why the caller is unknown or untrusted ("withheld", "shared number",
 *                   "lookup timed out", "untrusted entry point"), empty when identified
 */
public record Caller(String number, Customer customer, Greeting greeting, boolean nameTrusted,
        List<Customer> candidates, String note) {

    public Caller {
        candidates = List.copyOf(candidates);
        note = note == null ? "" : note;
        if (customer == null) {
            nameTrusted = false;
        }
    }

    /** A caller FrontDoor knows nothing about. */
    public static Caller unknown(String number, String note) {
        return new Caller(number, null, Greeting.UNKNOWN, false, List.of(), note);
    }

    public Optional<Customer> knownCustomer() {
        return Optional.ofNullable(customer);
    }

    /** Whether the number belongs to several customers (the flow may ask which one is calling). */
    public boolean isShared() {
        return candidates.size() > 1;
    }

    /**
     * This caller once a shared-number caller has said which customer they are (for example by
     * keying their customer number): the chosen customer, greeted as first or returning.
     */
    public Caller identifiedAs(Customer chosen, Greeting chosenGreeting) {
        return new Caller(number, chosen, chosenGreeting, true, List.of(), "");
    }
}
