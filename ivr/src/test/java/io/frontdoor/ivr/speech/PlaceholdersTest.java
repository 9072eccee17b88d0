package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void fillsValues() {
        assertEquals("Hello Mr Chen, welcome back.",
                Placeholders.fill("Hello {salutation} {name}, welcome back.", Map.of("salutation", "Mr", "name", "Chen")));
        assertEquals("陈先生您好", Placeholders.fill("{name}{salutation}您好", Map.of("salutation", "先生", "name", "陈")));
    }

    @Test
    void missingValueBecomesEmptyAndSpacesCollapse() {
        assertEquals("Hello Chen, welcome back.",
                Placeholders.fill("Hello {salutation} {name}, welcome back.", Map.of("name", "Chen")));
        assertEquals("Hello, welcome back.", Placeholders.fill("Hello {salutation} {name}, welcome back.", Map.of()));
        assertEquals("Hello, welcome back.", Placeholders.fill("Hello {salutation} {name}, welcome back.", null));
    }

    @Test
    void onlyWellFormedPlaceholdersAreFilledAndTabsFollowTheSpaceRules() {
        assertEquals("{1} { name} {name Chen", Placeholders.fill("{1} { name} {name {name}", Map.of("name", "Chen")));
        assertEquals("a\tb!", Placeholders.fill("a\tb \t {x}  !", Map.of()));
        assertEquals("a\tb c", Placeholders.fill("a\tb \t {x}  c", Map.of()));
        assertEquals("a\t!", Placeholders.fill("  a\t! ", Map.of()));
        assertEquals("Mr_2 Chen。", Placeholders.fill("{s_2} {name} 。", Map.of("s_2", " Mr_2 ", "name", "Chen")));
    }

    @Test
    void valuesAreNotReinterpreted() {
        // a name with $ or \ must not be read as a regex group reference
        assertEquals("Hi $1 \\x", Placeholders.fill("Hi {name}", Map.of("name", "$1 \\x")));
        assertEquals("Hi {other}", Placeholders.fill("Hi {name}", Map.of("name", "{other}")));
    }

    @Test
    void findsNamesAndMalformedBraces() {
        assertEquals(List.of("salutation", "name"), List.copyOf(Placeholders.names("{salutation} {name} {name}")));
        assertTrue(Placeholders.has("a {b} c"));
        assertFalse(Placeholders.has("press 1"));
        assertNull(Placeholders.malformed("Hello {name}."));
        assertEquals("{name, hi", Placeholders.malformed("Hello {name, hi"));
    }
}
