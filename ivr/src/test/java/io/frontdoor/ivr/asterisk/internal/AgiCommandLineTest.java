package io.frontdoor.ivr.asterisk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Command lines are written as Asterisk's docs and the recordings write them, and stay one line. */
class AgiCommandLineTest {

    @Test
    void commandsMatchTheRecordedWireForm() {
        assertEquals("STREAM FILE hello-world \"0123456789#*\"",
                AgiCommandLine.streamFile("hello-world", "0123456789#*").line());
        assertEquals("GET DATA beep 5000 4", AgiCommandLine.getData("beep", 5000, 4).line());
        assertEquals("SET VARIABLE WIRE_VAR \"hello world\"", AgiCommandLine.setVariable("WIRE_VAR", "hello world").line());
        assertEquals("GET VARIABLE WIRE_VAR", AgiCommandLine.getVariable("WIRE_VAR").line());
        assertEquals("EXEC Playback hello-world", AgiCommandLine.exec("Playback", "hello-world").line());
        assertEquals("EXEC Queue vip,t", AgiCommandLine.exec("Queue", "vip,t").line());
    }

    @Test
    void valuesAreQuotedWithBackslashAndQuoteEscapedAndNewlinesDropped() {
        assertEquals("SET VARIABLE X \"a \\\"b\\\" c\\\\d\"", AgiCommandLine.setVariable("X", "a \"b\" c\\d").line());
        assertEquals("SET VARIABLE X \"line1line2\"", AgiCommandLine.setVariable("X", "line1\nline2").line());
        assertEquals("SET VARIABLE X \"\"", AgiCommandLine.setVariable("X", null).line());
        assertEquals("EXEC Verbose \"two words\"", AgiCommandLine.exec("Verbose", "two words").line());
    }

    @Test
    void namesAndFilesThatWouldBreakTheLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AgiCommandLine.setVariable("BAD NAME", "x"));
        assertThrows(IllegalArgumentException.class, () -> AgiCommandLine.getVariable("X\nHANGUP"));
        assertThrows(IllegalArgumentException.class, () -> AgiCommandLine.streamFile("two words", ""));
        assertThrows(IllegalArgumentException.class, () -> AgiCommandLine.getData("", 1000, 1));
    }
}
