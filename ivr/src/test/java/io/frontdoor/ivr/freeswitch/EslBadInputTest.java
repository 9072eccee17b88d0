package io.frontdoor.ivr.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outbound ESL given bad input by the switch: a clear error for the call, the socket closed, the server serving on. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EslBadInputTest {
    private static final String CONNECT = "Event-Name: CHANNEL_DATA\nUnique-ID: 6b1f0d0e-0000-4000-8000-000000000001\n"
            + "Caller-Caller-ID-Number: %2B8613800138000\nCaller-Destination-Number: 95588\nCaller-Context: public\n"
            + "Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\nControl: full\n\n";

    /** A switch that answers connect, myevents and linger, then answers the first sendmsg with {@code reply}. */
    private static boolean converse(int port, String reply) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            boolean sent = false;
            while ((line = in.readLine()) != null) {
                if (line.equals("connect")) {
                    out.write(CONNECT.getBytes(StandardCharsets.UTF_8));
                } else if (line.equals("myevents") || line.equals("linger") || line.equals("exit")) {
                    out.write("Content-Type: command/reply\nReply-Text: +OK\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (line.equals("sendmsg") && !sent) {
                    sent = true;
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
            return true; // FrontDoor closed the connection
        }
    }

    private static Object run(String reply) throws Exception {
        CompletableFuture<Object> seen = new CompletableFuture<>();
        try (EslCallServer server = new EslCallServer(0, call -> {
            try {
                call.answer();
                seen.complete("answered");
            } catch (RuntimeException e) {
                seen.complete(e);
                throw e;
            }
        })) {
            assertTrue(converse(server.port(), reply), "FrontDoor closes the socket");
            return seen.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMalformedFrameEndsTheCallWithAClearError() throws Exception {
        Object e = run("Content-Type: command/reply\nthis line has no colon\n\n");
        CallHangupException hangup = assertInstanceOf(CallHangupException.class, e);
        assertTrue(hangup.getMessage().contains("malformed ESL header line: this line has no colon"), hangup.getMessage());
    }

    @Test
    void aBadContentLengthEndsTheCallWithAClearError() throws Exception {
        Object e = run("Content-Type: command/reply\nContent-Length: many\n\n");
        assertInstanceOf(CallHangupException.class, e);
    }

    @Test
    void anErrReplyToAnApplicationIsAFailedCommand() throws Exception {
        Object e = run("Content-Type: command/reply\nReply-Text: -ERR no reply\n\n");
        CallFailedException failed = assertInstanceOf(CallFailedException.class, e);
        assertEquals("answer refused: -ERR no reply", failed.getMessage());
    }
}
