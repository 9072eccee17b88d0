package io.frontdoor.callback.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
    private final PhoneNumbers cn = new PhoneNumbers("CN");

    @Test
    void callerIdsInEveryShapeAsteriskDeliversBecomeE164() {
        assertEquals(Optional.of("+8613800138000"), cn.toE164("+8613800138000"));
        assertEquals(Optional.of("+8613800138000"), cn.toE164("8613800138000"));
        assertEquals(Optional.of("+8613800138000"), cn.toE164("13800138000"));
        assertEquals(Optional.of("+8613800138000"), cn.toE164("+86 138-0013-8000"));
        assertEquals(Optional.of("+442079460000"), cn.toE164("00442079460000"));
    }

    @Test
    void withheldAndGarbageNumbersAreEmpty() {
        assertTrue(cn.toE164(null).isEmpty());
        assertTrue(cn.toE164("unknown").isEmpty());
        assertTrue(cn.toE164("anonymous").isEmpty());
        assertTrue(cn.toE164("").isEmpty());
        assertTrue(cn.toE164("123").isEmpty());
    }

    @Test
    void importErrorsExplainWithTheNumberMasked() {
        var e = assertThrows(PhoneNumbers.InvalidNumberException.class, () -> cn.toE164OrExplain("12345678901234"));
        assertTrue(e.getMessage().contains("not a valid number"), e.getMessage());
        assertTrue(!e.getMessage().contains("12345678901234"), "number must be masked: " + e.getMessage());
    }

    @Test
    void unknownRegionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers("XX"));
    }
}
