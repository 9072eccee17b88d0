package io.frontdoor.ivr.freeswitch.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.freeswitch.EslMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inbound peer against the FreeSWITCH 1.10 recording of mod_callcenter over ESL: every recorded
 * command is sent over a real socket and the peer must answer with the recorded bytes (events: the
 * recorded headers, dates and sequence numbers aside; agent lists: the status-change time aside).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FreeSwitchEslPeerReplayTest {

    @Test
    void callcenterAgentStateSessionIsReproduced() throws Exception {
        Transcript t = Transcript.load("inbound-callcenter-agent-state.txt");
        try (FreeSwitchEslPeer fs = new FreeSwitchEslPeer("ClueCon")
                .agentRow("1001@default|single_box||callback|[leg_timeout=10]loopback/2001/default|Available|Waiting|3|5|10"
                        + "|60|0|1795434344|1795434347|1795434344|1795434220|0|1|3|0|0", "vip@default");
                Socket s = new Socket(InetAddress.getLoopbackAddress(), fs.port())) {
            s.setSoTimeout(5000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            assertEquals("Content-Type: auth/request\n\n", raw(in));
            int compared = 0;
            for (Transcript.Exchange ex : t.exchanges) {
                out.write((ex.command() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (Transcript.Raw recorded : ex.messages()) {
                    String got = raw(in);
                    if (recorded.message().isEvent()) {
                        assertEquals(comparable(recorded.text()), comparable(got), ex.command());
                    } else if (ex.command().contains(" list agents") || ex.command().endsWith("agent list")) {
                        assertEquals(maskStatusTime(recorded.text()), maskStatusTime(got), ex.command());
                    } else {
                        assertEquals(recorded.text(), got, ex.command());
                    }
                    compared++;
                }
            }
            assertTrue(compared > 20, "compared " + compared + " messages");
            assertEquals(-1, in.read(), "FreeSWITCH closes after exit");
        }
    }

    /** An event's headers without its date and sequence. */
    private static List<String> comparable(String raw) throws IOException {
        EslMessage outer = EslMessage.read(new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        outer.event().headers().forEach((k, v) -> {
            if (!k.startsWith("Event-Date-") && !k.equals("Event-Sequence")) {
                out.add(k + ": " + v);
            }
        });
        return out;
    }

    private static String maskStatusTime(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String[] c = line.split("\\|", -1);
            if (c.length == 21 && !c[0].equals("name")) {
                c[15] = "T";
                line = String.join("|", c);
            }
            out.append(line).append('\n');
        }
        return out.toString().replaceAll("Content-Length: \\d+", "Content-Length: N");
    }

    /** One message's exact text: header block, then Content-Length bytes. */
    private static String raw(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            if (b == '\n' && prev == '\n') {
                break;
            }
            prev = b;
        }
        String head = buf.toString(StandardCharsets.UTF_8);
        for (String line : head.split("\n")) {
            if (line.startsWith("Content-Length: ")) {
                buf.write(in.readNBytes(Integer.parseInt(line.substring(16).trim())));
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
