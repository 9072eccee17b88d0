package io.frontdoor.callback.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PiiTest {
    @Test
    void numbersKeepOnlyCountryCodeAndLastFourDigits() {
        assertEquals("+86*******8000", Pii.phone("+8613800138000"));
        assertEquals("-", Pii.phone(null));
        assertEquals("****", Pii.phone("1234"));
    }

    @Test
    void namesKeepOnlyInitials() {
        assertEquals("C*** W**", Pii.name("Chen Wei"));
        assertEquals("陈*", Pii.name("陈伟"));
    }

    @Test
    void digitRunsInFreeTextAreMasked() {
        assertEquals("call +86****8000 now", Pii.text("call +8613800138000 now"));
    }
}
