package io.frontdoor.ivr.asterisk.internal;

import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.AsteriskVersion;

/**
 * One AGI command line, written the way Asterisk's own docs and the Asterisk 22 recordings write
 * it ({@code STREAM FILE hello-world ""}, {@code SET VARIABLE NAME "value"}); asterisk-java's
 * command classes quote every argument, which Asterisk accepts but which differs from the wire
 * we test against.
 *
 * @param line    the command without its terminating newline
 * @param verb    the command name, for messages (never the arguments: they may be personal)
 * @param results how the {@code result=} value of a 200 reply is read
 */
public record AgiCommandLine(String line, String verb, ResultRule results) implements AgiCommand {

    /** What a 200 reply's result means beyond success. */
    public enum ResultRule {
        /** Any 200 reply is success. */
        PLAIN,
        /** {@code result=-1} means the caller hung up (ANSWER, STREAM FILE, GET DATA, WAIT FOR DIGIT). */
        MEDIA,
        /** {@code -1} means hung up, {@code -2} means the application does not exist. */
        EXEC,
        /** RECORD FILE: {@code -1 (writefile)} means the file could not be written; other {@code -1}: hung up. */
        RECORD
    }

    public static AgiCommandLine answer() {
        return new AgiCommandLine("ANSWER", "ANSWER", ResultRule.MEDIA);
    }

    public static AgiCommandLine hangup() {
        return new AgiCommandLine("HANGUP", "HANGUP", ResultRule.PLAIN);
    }

    public static AgiCommandLine streamFile(String file, String escapeDigits) {
        return new AgiCommandLine("STREAM FILE " + bare(file) + " " + quote(escapeDigits),
                "STREAM FILE", ResultRule.MEDIA);
    }

    public static AgiCommandLine getData(String file, long timeoutMillis, int maxDigits) {
        return new AgiCommandLine("GET DATA " + bare(file) + " " + timeoutMillis + " " + maxDigits,
                "GET DATA", ResultRule.MEDIA);
    }

    /**
     * Records the caller into {@code file}.{@code format} until a key of {@code escapeDigits}, the
     * timeout, or (with {@code silenceSeconds} above 0) that much silence; no beep.
     */
    public static AgiCommandLine recordFile(String file, String format, String escapeDigits, long timeoutMillis,
            int silenceSeconds) {
        return new AgiCommandLine("RECORD FILE " + bare(file) + " " + bare(format) + " " + quote(escapeDigits) + " "
                + timeoutMillis + " 0" + (silenceSeconds > 0 ? " s=" + silenceSeconds : ""), "RECORD FILE", ResultRule.RECORD);
    }

    public static AgiCommandLine setVariable(String name, String value) {
        return new AgiCommandLine("SET VARIABLE " + name(name) + " " + quote(value), "SET VARIABLE",
                ResultRule.PLAIN);
    }

    public static AgiCommandLine getVariable(String name) {
        return new AgiCommandLine("GET VARIABLE " + name(name), "GET VARIABLE", ResultRule.PLAIN);
    }

    public static AgiCommandLine exec(String application, String arguments) {
        String line = "EXEC " + name(application)
                + (arguments == null || arguments.isEmpty() ? "" : " " + argument(arguments));
        return new AgiCommandLine(line, "EXEC " + application, ResultRule.EXEC);
    }

    /** Double-quotes a value, escaping {@code \} and {@code "}; newlines would end the command. */
    static String quote(String value) {
        String v = value == null ? "" : value;
        StringBuilder out = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\r') {
                continue;
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Quotes only when needed, as Asterisk's own examples write EXEC arguments. */
    static String argument(String value) {
        return value.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\') ? quote(value) : value;
    }

    /** A file name is sent unquoted, so it must not break the argument list. */
    private static String bare(String file) {
        if (file == null || file.isEmpty() || file.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("not a usable Asterisk file name: '" + file + "'");
        }
        return file;
    }

    private static String name(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_()]*")) {
            throw new IllegalArgumentException("not a usable channel variable or application name: '" + name + "'");
        }
        return name;
    }

    @Override
    public String buildCommand() {
        return line;
    }

    @Override
    public void setAsteriskVersion(AsteriskVersion asteriskVersion) {
        // The line is fixed at construction; the version changes nothing here.
    }
}
