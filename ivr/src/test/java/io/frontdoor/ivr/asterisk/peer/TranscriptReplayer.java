package io.frontdoor.ivr.asterisk.peer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the Asterisk side of a recording against a FastAGI server, without understanding it:
 * sends the recorded env block, then answers the n-th command received with the n-th reply given.
 * Tests choose which recorded replies to feed, and check what the server made of them.
 */
public final class TranscriptReplayer {
    private TranscriptReplayer() {
    }

    /** What the server sent, and whether it closed the socket at the end. */
    public record Result(List<String> commands, boolean closedByServer) {
    }

    /**
     * Runs one connection on the calling thread; stops when the server closes, when it sends more
     * commands than there are replies (that command is recorded, then the replayer gives up), or
     * after {@code timeoutMillis} of silence.
     */
    public static Result replay(int port, String envBlock, List<String> replies, int timeoutMillis)
            throws IOException {
        List<String> commands = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(envBlock.getBytes(StandardCharsets.UTF_8));
            out.flush();
            PeerChannel.LineReader in = new PeerChannel.LineReader(socket.getInputStream());
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (commands.size() > replies.size()) {
                    return new Result(commands, false);
                }
                out.write(replies.get(commands.size() - 1).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return new Result(commands, true);
        } catch (java.net.SocketException e) {
            return new Result(commands, true);
        }
    }
}
