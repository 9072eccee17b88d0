package io.frontdoor.callback.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.queue.CallbackNumberPolicy.Refusal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Toll-fraud rules for callback numbers, on libphonenumber's metadata. */
class CallbackNumberPolicyTest {
    private final CallbackNumberPolicy cn = new CallbackNumberPolicy("CN", Set.of());
    private final CallbackNumberPolicy cnAndGb = new CallbackNumberPolicy("CN", Set.of("CN", "gb"));

    @Test
    void mobileAndFixedLineNumbersOfTheAllowedCountryAreAccepted() {
        assertEquals("+8613800138000", cn.check("13800138000").e164());
        assertTrue(cn.check("13800138000").accepted());
        assertEquals("+861065529988", cn.check("010 6552 9988").e164(), "Beijing fixed line keyed with trunk 0");
        assertTrue(cn.check("008613800138000").accepted(), "00 international prefix");
        assertTrue(cn.check("+86 138 0013 8000").accepted());
    }

    @Test
    void premiumRateAndSharedCostAreRefused() {
        assertEquals(Refusal.PREMIUM_RATE, cnAndGb.check("+44 909 879 0000").refusal());
        assertEquals(Refusal.SHARED_COST, cn.check("400 123 4567").refusal(), "China 400 numbers are shared-cost");
        assertEquals("callback.number_premium", Refusal.PREMIUM_RATE.prompt());
    }

    @Test
    void otherTypesAndForeignAndMalformedNumbersAreRefused() {
        assertEquals(Refusal.NOT_DIALLABLE, cnAndGb.check("+44 800 890 567").refusal(), "UK toll-free");
        assertEquals(Refusal.FOREIGN, cn.check("+44 7400 123456").refusal());
        assertEquals(Refusal.FOREIGN, cn.check("+1 202 555 0143").refusal());
        CallbackNumberPolicy.Verdict bad = cn.check("12345");
        assertEquals(Refusal.INVALID, bad.refusal());
        assertNull(bad.e164());
        assertEquals(Refusal.INVALID, cn.check("call me").refusal());
        assertEquals(Refusal.INVALID, cn.check("").refusal());
    }

    @Test
    void unknownRegionsAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new CallbackNumberPolicy("CN", Set.of("XX")));
    }
}
