package io.frontdoor.ivr.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * sipp (Debian's sip-tester), the real SIP peer of the tests: runs one of the scenarios in
 * {@code src/test/resources/sip/} against FrontDoor's endpoint and reports how it went.
 */
final class Sipp {
    private final Path dir;

    Sipp(Path dir) {
        this.dir = dir;
    }

    /** How sipp ended: exit 0 means every call of the scenario went as written. */
    record Result(int exit, String output, String errors) {
        boolean passed() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return "sipp exit " + exit + "\n" + errors + "\n" + tail(output);
        }

        private static String tail(String s) {
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code scenario} (one call) against 127.0.0.1:{@code port}; {@code keys} fill its [keywords]. */
    Result run(String scenario, int port, Map<String, String> keys, String... extra) throws Exception {
        return start(scenario, "127.0.0.1:" + port, freeUdpPort(), keys, extra).await();
    }

    /** sipp running in the background. */
    final class Running {
        private final Process process;
        private final String scenario;

        Running(Process process, String scenario) {
            this.process = process;
            this.scenario = scenario;
        }

        Result await() throws Exception {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sipp did not finish " + scenario + " in 90 s");
            }
            Path errors = dir.resolve(scenario + ".errors");
            String err = Files.exists(errors) ? Files.readString(errors) : "";
            String out = Files.readString(dir.resolve(scenario + ".out"));
            return new Result(process.exitValue(), out, err);
        }

        void stop() {
            process.destroyForcibly();
        }
    }

    /** Starts {@code scenario} for one call; {@code target} null: sipp waits as a UAS on {@code localPort}. */
    Running start(String scenario, String target, int localPort, Map<String, String> keys, String... extra)
            throws Exception {
        Path file = dir.resolve(scenario);
        try (InputStream in = Sipp.class.getResourceAsStream("/sip/" + scenario)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario " + scenario);
            }
            // keys are filled in here (sipp allows no keyword for a method or a response code)
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (var k : keys.entrySet()) {
                text = text.replace("[" + k.getKey() + "]", k.getValue()).replace("{{" + k.getKey() + "}}", k.getValue());
            }
            Files.writeString(file, text, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (target != null) {
            cmd.add(target);
        }
        cmd.addAll(List.of("-sf", file.toString(), "-m", "1",
                "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-mp", Integer.toString(freeUdpPort()),
                "-nostdin", "-timeout", "60", "-timeout_error", "-trace_err", "-error_file",
                dir.resolve(scenario + ".errors").toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(scenario + ".out").toFile()).start();
        return new Running(p, scenario);
    }
}
