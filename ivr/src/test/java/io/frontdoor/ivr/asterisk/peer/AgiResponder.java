package io.frontdoor.ivr.asterisk.peer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers AGI commands the way Asterisk 22 does, as recorded in {@code wire/asterisk-22}: reply
 * shapes, DTMF as ASCII codes, 511 on a dead channel (except the commands res_agi marks
 * dead-safe), 510 for unknown commands, the multi-line 520 usage reply. No sockets here, so the
 * replay tests can drive it line by line too.
 */
final class AgiResponder {
    static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";
    static final String UNKNOWN = "510 Invalid or unknown command\n";
    static final String GET_DATA_USAGE = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Stream the given <replaceable>file</replaceable>, and receive DTMF data.\n"
            + "Returns the digits received from the channel at the other end.\n"
            + "520 End of proper usage.\n";
    static final String NO_USAGE = "520 Invalid command syntax.  Proper usage not available.\n";
    /** Commands res_agi allows on a dead channel (its command table's "dead" column). */
    private static final Set<String> DEAD_SAFE = Set.of("GET VARIABLE", "GET FULL VARIABLE", "NOOP",
            "VERBOSE", "SET VARIABLE", "EXEC", "DATABASE");
    private static final Set<String> COMMANDS = Set.of("ANSWER", "NOOP", "HANGUP", "VERBOSE", "EXEC",
            "STREAM FILE", "GET DATA", "WAIT FOR DIGIT", "RECORD FILE", "SET VARIABLE", "GET VARIABLE",
            "GET FULL VARIABLE", "CHANNEL STATUS", "SAY DIGITS");
    private static final Set<String> KNOWN_APPS = Set.of("playback", "background", "queue", "dial",
            "goto", "set", "noop", "wait", "answer", "hangup", "verbose", "userevent", "read");

    /** What to send back: the reply bytes, and whether an unsolicited HANGUP follows ~40 ms later. */
    record Reply(String text, boolean hangupFollows) {
    }

    private final PeerCall call;
    private final Map<String, String> variables = new ConcurrentHashMap<>();
    private volatile boolean dead;
    private int commandNumber;
    private int keyIndex;

    AgiResponder(PeerCall call) {
        this.call = call;
        variables.putAll(call.presetVariables);
    }

    Map<String, String> variables() {
        return variables;
    }

    boolean isDead() {
        return dead;
    }

    /** The caller hung up while idle; returns false when the channel was already dead. */
    boolean hangUpIdle() {
        boolean wasLive = !dead;
        dead = true;
        return wasLive;
    }

    /** Whether the caller hangs up right after this command's reply (idle hang-up). */
    boolean hangsUpAfter(int number) {
        return number == call.hangupAfterCommand;
    }

    int commandNumber() {
        return commandNumber;
    }

    Duration delayFor(String line) {
        if (call.delays.isEmpty()) {
            return Duration.ZERO;
        }
        String upper = line.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, Duration> e : call.delays.entrySet()) {
            if (upper.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return Duration.ZERO;
    }

    Reply respond(String line) {
        commandNumber++;
        String override = call.overrides.get(commandNumber);
        if (override != null) {
            return new Reply(override, false);
        }
        List<String> argv = AgiArgs.split(line);
        String command = commandName(argv);
        if (command == null) {
            return new Reply(UNKNOWN, false);
        }
        if (dead && !DEAD_SAFE.contains(command)) {
            return new Reply(DEAD, false);
        }
        boolean hangupNow = commandNumber == call.hangupDuringCommand && !dead;
        return switch (command) {
            case "ANSWER", "NOOP", "SAY DIGITS" -> ok("0");
            case "HANGUP" -> {
                dead = true;
                yield new Reply("200 result=1\n", true);
            }
            case "STREAM FILE" -> argv.size() < 4 || argv.size() > 5 ? usage() : streamFile(argv, hangupNow);
            case "GET DATA" -> argv.size() < 3 ? new Reply(GET_DATA_USAGE, false) : getData(argv, hangupNow);
            case "WAIT FOR DIGIT" -> argv.size() != 4 ? usage() : waitForDigit(hangupNow);
            case "RECORD FILE" -> argv.size() < 6 ? usage() : recordFile(argv, hangupNow);
            case "SET VARIABLE" -> {
                if (argv.size() != 4) {
                    yield usage();
                }
                variables.put(argv.get(2), argv.get(3));
                yield ok("1");
            }
            case "GET VARIABLE" -> argv.size() != 3 ? usage() : valueReply(variable(argv.get(2)));
            case "GET FULL VARIABLE" -> argv.size() < 4 ? usage() : valueReply(expand(argv.get(3)));
            case "CHANNEL STATUS" -> ok("6");
            case "VERBOSE" -> ok("1");
            case "EXEC" -> argv.size() < 2 ? usage() : exec(argv.get(1));
            default -> new Reply(UNKNOWN, false);
        };
    }

    private static String commandName(List<String> argv) {
        if (argv.isEmpty()) {
            return null;
        }
        String first = argv.get(0).toUpperCase(Locale.ROOT);
        String two = argv.size() > 1 ? first + " " + argv.get(1).toUpperCase(Locale.ROOT) : first;
        String three = argv.size() > 2 ? two + " " + argv.get(2).toUpperCase(Locale.ROOT) : two;
        for (String candidate : new String[] {three, two, first}) {
            if (COMMANDS.contains(candidate)) {
                return candidate;
            }
        }
        return first.equals("DATABASE") ? "DATABASE" : null;
    }

    private Reply streamFile(List<String> argv, boolean hangupNow) {
        if (hangupNow) {
            dead = true;
            return new Reply("200 result=-1 endpos=" + call.hangupEndpos + "\n", true);
        }
        String press = nextKeys();
        if (press.startsWith("reply:")) {
            return raw(press);
        }
        if (!press.isEmpty() && argv.get(3).indexOf(press.charAt(0)) >= 0) {
            return ok((int) press.charAt(0) + " endpos=" + call.interruptedEndpos);
        }
        return ok("0 endpos=" + call.playedEndpos);
    }

    private Reply getData(List<String> argv, boolean hangupNow) {
        if (hangupNow) {
            dead = true;
            return new Reply("200 result=-1\n", true);
        }
        int max = argv.size() > 4 ? Integer.parseInt(argv.get(4)) : 1024;
        String press = nextKeys();
        if (press.startsWith("reply:")) {
            return raw(press);
        }
        int hash = press.indexOf('#');
        if (hash >= 0 && hash <= max) {
            return ok(press.substring(0, hash));
        }
        if (press.length() >= max) {
            return ok(press.substring(0, max));
        }
        return ok(press + " (timeout)");
    }

    private Reply waitForDigit(boolean hangupNow) {
        if (hangupNow) {
            dead = true;
            return new Reply("200 result=-1\n", true);
        }
        String press = nextKeys();
        return press.startsWith("reply:") ? raw(press) : ok(press.isEmpty() ? "0" : Integer.toString(press.charAt(0)));
    }

    /**
     * RECORD FILE as res_agi does it: a key stops it ({@code (dtmf)}); with {@code s=N} the caller's
     * speech is written to {@code <path>.<format>} followed by the second of silence Asterisk keeps
     * (it rewinds the rest of the N seconds), and the result is the milliseconds of the timeout left,
     * still labelled {@code (timeout)}; without {@code s=} it runs to the timeout. A directory that
     * does not exist gives {@code result=-1 (writefile)}.
     */
    private Reply recordFile(List<String> argv, boolean hangupNow) {
        if (hangupNow) {
            dead = true;
            return new Reply("200 result=-1 (hangup) endpos=" + call.hangupEndpos + "\n", true);
        }
        String press = nextKeys();
        if (press.startsWith("reply:")) {
            return raw(press);
        }
        if (!press.isEmpty() && argv.get(4).indexOf(press.charAt(0)) >= 0) {
            return ok((int) press.charAt(0) + " (dtmf) endpos=" + call.interruptedEndpos);
        }
        long timeout = Long.parseLong(argv.get(5));
        String last = argv.get(argv.size() - 1);
        int silenceSeconds = argv.size() > 6 && last.startsWith("s=") ? Integer.parseInt(last.substring(2)) : 0;
        java.nio.file.Path file = call.fileSystemRoot.resolve(argv.get(2).replaceFirst("^/+", "") + "." + argv.get(3));
        if (!java.nio.file.Files.isDirectory(file.getParent())) {
            return ok("-1 (writefile)");
        }
        if (silenceSeconds == 0) {
            writeWav(file, new byte[(int) (timeout * 16)]);
            return ok("0 (timeout) endpos=" + timeout * 8);
        }
        PeerCall.Speech said = call.speech.poll();
        byte[] speech = said == null ? new byte[0] : said.pcm();
        long speechMs = speech.length / 16;
        long heard = said != null && said.heardFor() != null ? said.heardFor().toMillis() : speechMs + silenceSeconds * 1000L;
        byte[] kept = java.util.Arrays.copyOf(speech, speech.length + 16000);   // + 1 s of silence
        writeWav(file, kept);
        return ok(Math.max(0, timeout - heard) + " (timeout) endpos=" + kept.length / 2);
    }

    private static void writeWav(java.nio.file.Path file, byte[] pcm) {
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm), format, pcm.length / 2)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("peer could not write " + file, e);
        }
    }

    private Reply exec(String application) {
        if (!KNOWN_APPS.contains(application.toLowerCase(Locale.ROOT))) {
            return ok("-2");
        }
        return ok(dead ? "-1" : "0");
    }

    private String variable(String name) {
        return switch (name) {
            case "CHANNEL" -> call.channel;
            case "UNIQUEID" -> call.uniqueId;
            default -> variables.get(name);
        };
    }

    /** Enough of Asterisk's expression syntax for the recordings: ${NAME} and ${CALLERID(...)}. */
    private String expand(String expression) {
        String out = expression.replace("${CALLERID(num)}", call.callerId == null ? "" : call.callerId)
                .replace("${CALLERID(name)}", call.callerName == null ? "" : call.callerName);
        for (Map.Entry<String, String> e : variables.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private static Reply valueReply(String value) {
        return value == null ? ok("0") : ok("1 (" + value + ")");
    }

    private String nextKeys() {
        return keyIndex < call.keys.size() ? call.keys.get(keyIndex++) : "";
    }

    private static Reply raw(String press) {
        return new Reply(press.substring("reply:".length()) + "\n", false);
    }

    private static Reply usage() {
        return new Reply(NO_USAGE, false);
    }

    private static Reply ok(String result) {
        return new Reply("200 result=" + result + "\n", false);
    }
}
