package io.frontdoor.ivr.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchChannel;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Call.listen} over outbound ESL: keys, or speech captured with FreeSWITCH's {@code record}. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EslListenTest {
    static final Audio PROMPT = new Audio(Path.of("menu.wav"), "/srv/prompts/en/menu.main", "menu");
    static final Listening SPEECH = Listening.keysOrSpeech(1, Duration.ofSeconds(3), true);

    @TempDir
    Path records;

    /** Runs one call whose flow listens once, and returns what it heard (or the exception). */
    private Object listen(FreeSwitchChannel caller, EslRecording recording, Listening how) throws Exception {
        CompletableFuture<Object> heard = new CompletableFuture<>();
        try (EslCallServer server = new EslCallServer(InetAddress.getLoopbackAddress(), 0, call -> {
            try {
                assertEquals(recording != null, call.hearsSpeech());
                heard.complete(call.listen(PROMPT, how));
                call.hangup();
            } catch (RuntimeException e) {
                heard.complete(e);
                throw e;
            }
        }, recording)) {
            caller.start(server.port());
            assertTrue(caller.awaitEnd(Duration.ofSeconds(10)));
        }
        return heard.get(5, TimeUnit.SECONDS);
    }

    private EslRecording recording() {
        return new EslRecording(records, records.toString());
    }

    private static String record(FreeSwitchChannel c) {
        return c.media().stream().filter(m -> m.startsWith("record ")).findFirst().orElse(null);
    }

    @Test
    void speechAfterThePromptIsRecordedAndReadBackAsPcm() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("", "say:1200").recordings(records);
        Heard heard = (Heard) listen(caller, recording(), SPEECH);
        assertTrue(heard.spoke(), heard.toString());
        assertFalse(heard.utterance().bargedIn());
        assertEquals(2000, heard.utterance().millis(), "1.2 s of speech and the 0.8 s of silence that ended it");
        String record = record(caller);
        assertEquals("record " + records + "/frontdoor-" + caller.uuid + "-1.wav 5 200 1", record);
        String all = String.join("\n", caller.commands());
        assertTrue(all.contains("execute-app-name: multiset\nexecute-app-arg: record_initial_timeout_ms=3000 record_final_timeout_ms=800"), all);
        assertTrue(all.contains("execute-app-arg: playback_terminators=0123456789*#"), all);
        try (Stream<Path> left = Files.list(records)) {
            assertEquals(List.of(), left.toList(), "the recording is deleted once read");
        }
    }

    @Test
    void aKeyDuringThePromptIsTheAnswerAndNothingIsRecorded() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("2").recordings(records);
        Heard heard = (Heard) listen(caller, recording(), SPEECH);
        assertEquals(Heard.keyed("2"), heard);
        assertEquals(null, record(caller));
    }

    @Test
    void aKeyDuringTheRecordingEndsItAndIsTheAnswer() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("", "7").recordings(records);
        assertEquals(Heard.keyed("7"), listen(caller, recording(), SPEECH));
    }

    @Test
    void silenceIsNothing() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("", "").recordings(records);
        assertEquals(Heard.nothing(), listen(caller, recording(), SPEECH));
    }

    @Test
    void withoutARecordDirectoryOnlyKeysAreHeard() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("4");
        assertEquals(Heard.keyed("4"), listen(caller, null, SPEECH));
        assertTrue(caller.media().get(0).startsWith("play_and_get_digits "), caller.media().toString());
    }

    @Test
    void aHangUpWhileRecordingEndsTheCall() throws Exception {
        FreeSwitchChannel caller = new FreeSwitchChannel().keys("", "say:500").hangupDuringMedia(2).recordings(records);
        assertInstanceOf(CallHangupException.class, listen(caller, recording(), SPEECH));
    }

    @Test
    void a16kHzRecordingIsHalvedTo8kHz() throws Exception {
        Path wav = records.resolve("wide.wav");
        short[] samples = new short[16000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i % 2 == 0 ? 1000 : -1000);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(wav, b.array());
        byte[] pcm = EslListen.pcm8k(wav);
        assertEquals(16000, pcm.length, "one second at 8 kHz");
        assertEquals(1000, (short) ((pcm[1] << 8) | (pcm[0] & 0xff)));
    }
}
