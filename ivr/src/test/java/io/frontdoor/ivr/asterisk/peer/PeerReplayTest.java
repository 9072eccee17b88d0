package io.frontdoor.ivr.asterisk.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peer against the Asterisk 22 recordings: for the recorded commands it must send the
 * recorded env block and reply lines byte for byte (run-specific values taken from the file).
 */
@Timeout(30)
class PeerReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"agi-00-env-callerid-plus.txt", "agi-00-env-callerid-noplus.txt",
            "agi-00-env-callerid-number-only.txt"})
    void envBlockMatchesRecordingByteForByte(String file) throws Exception {
        assertPeerReproduces(AgiTranscript.load(file), 0, new PeerCall());
    }

    @Test
    void commandCatalogueRepliesMatchRecording() throws Exception {
        PeerCall behaviour = new PeerCall().keys("", "5", "12#", "4", "", "", "7").endpos(11234, 5760, 4160);
        assertPeerReproduces(AgiTranscript.load("agi-01-commands.txt"), 0, behaviour);
    }

    @Test
    void hangupDuringStreamFileThen511MatchesRecording() throws Exception {
        assertPeerReproduces(AgiTranscript.load("agi-02-hangup-during-stream-file.txt"), 0,
                new PeerCall().hangupDuringCommand(2).endpos(11234, 5760, 4160));
    }

    @Test
    void hangupDuringGetDataMatchesRecording() throws Exception {
        assertPeerReproduces(AgiTranscript.load("agi-03-hangup-during-get-data.txt"), 0,
                new PeerCall().hangupDuringCommand(2));
    }

    @Test
    void recordFileRepliesMatchRecording(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        // Asterisk's view of the disk: the recorded paths exist under a scratch root
        java.nio.file.Files.createDirectories(root.resolve("var/spool/asterisk/tmp"));
        // 1.32 s of speech (10572 samples), then 2 s of silence: Asterisk answered after 3.32 s
        PeerCall behaviour = new PeerCall().fileSystemRoot(root).keys("", "", "#")
                .says(new byte[10572 * 2], java.time.Duration.ofMillis(3320))
                .endpos(0, 7040, 0);
        assertPeerReproduces(AgiTranscript.load("agi-04-record-file.txt"), 0, behaviour);
        // what Asterisk leaves on disk: the speech and the one second of silence it keeps
        assertEquals(44 + (10572 + 8000) * 2, java.nio.file.Files.size(root.resolve("var/spool/asterisk/tmp/rec-silence.wav")));
        assertEquals(44 + 16000 * 2, java.nio.file.Files.size(root.resolve("var/spool/asterisk/tmp/rec-2s.wav")));
    }

    @Test
    void returnWithoutHangupAndSecondAgiMatchRecording() throws Exception {
        AgiTranscript transcript = AgiTranscript.load("agi-05-return-without-hangup.txt");
        assertEquals(2, transcript.connections().size());
        assertPeerReproduces(transcript, 0, new PeerCall());
        assertPeerReproduces(transcript, 1, new PeerCall().variable("AGISTATUS", "SUCCESS"));
    }

    @Test
    void hangupWhileIdleMatchesRecording() throws Exception {
        assertPeerReproduces(AgiTranscript.load("agi-06-hangup-while-idle.txt"), 0,
                new PeerCall().hangupAfterCommand(2));
    }

    /**
     * Plays the AGI server of the recording: accepts the peer, checks its env block, sends each
     * recorded command and reads exactly as many lines as Asterisk sent back, then closes.
     */
    private static void assertPeerReproduces(AgiTranscript transcript, int connectionIndex, PeerCall behaviour)
            throws Exception {
        AgiTranscript.Connection recorded = transcript.connections().get(connectionIndex);
        PeerCall call = AgiTranscript.callFor(recorded);
        copyBehaviour(behaviour, call);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            PeerChannel channel = new AsteriskAgiPeer(server.getLocalPort()).dial(call);
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                InputStream in = socket.getInputStream();
                byte[] env = in.readNBytes(recorded.envBlock().getBytes(StandardCharsets.UTF_8).length);
                assertEquals(recorded.envBlock(), new String(env, StandardCharsets.UTF_8),
                        transcript.name() + ": env block");
                PeerChannel.LineReader reader = new PeerChannel.LineReader(in);
                OutputStream out = socket.getOutputStream();
                for (AgiTranscript.Exchange exchange : recorded.exchanges()) {
                    out.write((exchange.command() + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < exchange.replyLines().size(); i++) {
                        got.add(reader.readLine());
                    }
                    assertEquals(exchange.replyLines(), got, transcript.name() + ": reply to " + exchange.command());
                }
            }
            assertTrue(channel.awaitClosedByServer(Duration.ofSeconds(5)), "peer noticed the close");
            assertEquals(recorded.exchanges().stream().map(AgiTranscript.Exchange::command).toList(),
                    channel.commands());
        }
    }

    private static void copyBehaviour(PeerCall from, PeerCall to) {
        to.keys.addAll(from.keys);
        to.presetVariables.putAll(from.presetVariables);
        to.hangupDuringCommand = from.hangupDuringCommand;
        to.hangupAfterCommand = from.hangupAfterCommand;
        to.endpos(from.playedEndpos, from.interruptedEndpos, from.hangupEndpos);
        to.speech.addAll(from.speech);
        to.fileSystemRoot = from.fileSystemRoot;
    }

    @Test
    void everyRecordingParses() throws IOException {
        for (String file : List.of("agi-00-env-callerid-plus.txt", "agi-01-commands.txt",
                "agi-02-hangup-during-stream-file.txt", "agi-03-hangup-during-get-data.txt",
                "agi-04-record-file.txt", "agi-05-return-without-hangup.txt", "agi-06-hangup-while-idle.txt")) {
            AgiTranscript transcript = AgiTranscript.load(file);
            assertEquals(22, transcript.connections().get(0).envLines().size(), file);
        }
    }
}
