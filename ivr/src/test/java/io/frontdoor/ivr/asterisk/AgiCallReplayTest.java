package io.frontdoor.ivr.asterisk;

import static io.frontdoor.ivr.asterisk.AgiHarness.audio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.asterisk.peer.AgiTranscript;
import io.frontdoor.ivr.asterisk.peer.TranscriptReplayer;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Feeds the recorded Asterisk 22 replies to AgiCall and checks what each one turns into. */
@Timeout(30)
class AgiCallReplayTest {
    private final AgiHarness harness = new AgiHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    /** Replays the chosen exchanges (by index) of connection 0 and returns what the server sent. */
    private TranscriptReplayer.Result replay(String file, int... exchangeIndexes) throws Exception {
        AgiTranscript.Connection recorded = AgiTranscript.load(file).connections().get(0);
        List<String> replies = Arrays.stream(exchangeIndexes)
                .mapToObj(i -> recorded.exchanges().get(i).replyText()).toList();
        return TranscriptReplayer.replay(harness.server.port(), recorded.envBlock(), replies, 5_000);
    }

    private static List<String> recordedCommands(String file, int... exchangeIndexes) {
        AgiTranscript.Connection recorded = AgiTranscript.load(file).connections().get(0);
        return Arrays.stream(exchangeIndexes).mapToObj(i -> recorded.exchanges().get(i).command()).toList();
    }

    @Test
    void recordedCatalogueRepliesMapToResultsAndFailures() throws Exception {
        harness.script(call -> {
            List<Object> seen = new ArrayList<>();
            call.answer();
            seen.add(call.play(audio("hello-world"), ""));
            seen.add(call.play(audio("hello-world"), "0123456789#*"));
            seen.add(call.collectDigits(audio("beep"), 4, Duration.ofSeconds(5)));
            seen.add(call.collectDigits(audio("beep"), 4, Duration.ofSeconds(3)));
            seen.add(call.collectDigits(audio("beep"), 4, Duration.ofSeconds(3)));
            call.setVariable("WIRE_VAR", "hello world");
            seen.add(call.variable("WIRE_VAR"));
            seen.add(String.valueOf(call.variable("WIRE_UNSET")));
            seen.add(((AgiCall) call).exec("Playback", "hello-world"));
            seen.add(thrown(() -> ((AgiCall) call).exec("NoSuchApp", "foo")));
            seen.add(thrown(() -> call.setVariable("ANY", "x")));
            seen.add(thrown(() -> call.collectDigits(null, 1, Duration.ofSeconds(1))));
            seen.add(call.isActive());
            call.hangup();
            seen.add(call.isActive());
            return seen;
        });
        TranscriptReplayer.Result result = replay("agi-01-commands.txt", 0, 1, 2, 3, 4, 5, 9, 10, 11, 16, 17, 18, 19, 20);

        AgiHarness.Outcome outcome = harness.outcome();
        assertEquals(List.of("", "5", "12", "4", "", "hello world", "null", 0,
                "CallFailedException", "CallFailedException", "CallFailedException", true, false), outcome.value());
        assertTrue(result.closedByServer());
        List<String> sent = result.commands();
        assertEquals(recordedCommands("agi-01-commands.txt", 0, 1, 2, 3, 4, 5, 9, 10, 11, 16, 17),
                sent.subList(0, 11), "command lines as Asterisk's own examples write them");
        assertEquals("HANGUP", sent.get(sent.size() - 1));
    }

    @Test
    void recordedHangupDuringStreamFileEndsTheCallWithoutMoreCommands() throws Exception {
        harness.script(call -> {
            call.answer();
            Object during = thrown(() -> call.play(audio("hello-world"), ""));
            boolean active = call.isActive();
            Object after = thrown(() -> call.variable("CHANNEL"));
            call.hangup();
            return List.of(during, active, after);
        });
        TranscriptReplayer.Result result = replay("agi-02-hangup-during-stream-file.txt", 0, 1);

        assertEquals(List.of("CallHangupException", false, "CallHangupException"), harness.outcome().value());
        assertEquals(recordedCommands("agi-02-hangup-during-stream-file.txt", 0, 1), result.commands());
        assertTrue(result.closedByServer());
    }

    @Test
    void recorded511OnALiveLookingCallIsAHangup() throws Exception {
        harness.script(call -> {
            call.answer();
            return List.of(thrown(() -> call.play(audio("hello-world"), "")), call.isActive());
        });
        replay("agi-02-hangup-during-stream-file.txt", 0, 2);

        assertEquals(List.of("CallHangupException", false), harness.outcome().value());
    }

    @Test
    void recordedHangupDuringGetDataEndsTheCall() throws Exception {
        harness.script(call -> {
            call.answer();
            Object during = thrown(() -> call.collectDigits(audio("beep"), 4, Duration.ofSeconds(10)));
            Object again = thrown(() -> call.collectDigits(audio("beep"), 1, Duration.ofSeconds(1)));
            return List.of(during, again);
        });
        TranscriptReplayer.Result result = replay("agi-03-hangup-during-get-data.txt", 0, 1);

        assertEquals(List.of("CallHangupException", "CallHangupException"), harness.outcome().value());
        assertEquals(recordedCommands("agi-03-hangup-during-get-data.txt", 0, 1), result.commands());
    }

    @Test
    void recordedHangupWhileIdleIsNoticedBeforeTheNextCommand() throws Exception {
        harness.script(call -> {
            call.answer();
            String unset = call.variable("WIRE_UNSET");
            for (int i = 0; i < 200 && call.isActive(); i++) {
                Thread.sleep(10);
            }
            return List.of(String.valueOf(unset), call.isActive(), thrown(() -> call.play(audio("beep"), "")));
        });
        TranscriptReplayer.Result result = replay("agi-06-hangup-while-idle.txt", 0, 1);

        assertEquals(List.of("null", false, "CallHangupException"), harness.outcome().value());
        assertEquals(2, result.commands().size(), "nothing sent after the HANGUP line");
    }

    @Test
    void recordedReturnWithoutHangupHandsTheCallBackAndTheNextAgiSeesItsArgument() throws Exception {
        AgiTranscript transcript = AgiTranscript.load("agi-05-return-without-hangup.txt");
        harness.script(call -> {
            if (call.attributes().containsKey("arg_1")) {
                return List.of(call.requestedFlow(), call.attributes().get("args"), call.variable("AGISTATUS"));
            }
            call.answer();
            call.setVariable("WIRE_VAR", "done");
            return List.of();
        });
        AgiTranscript.Connection first = transcript.connections().get(0);
        TranscriptReplayer.Result one = TranscriptReplayer.replay(harness.server.port(), first.envBlock(),
                first.exchanges().stream().map(AgiTranscript.Exchange::replyText).toList(), 5_000);
        assertEquals(List.of("ANSWER", "SET VARIABLE WIRE_VAR \"done\""), one.commands());
        assertTrue(one.closedByServer(), "the server closes: Asterisk never does");
        assertEquals(List.of(), harness.outcome().value());

        AgiTranscript.Connection second = transcript.connections().get(1);
        TranscriptReplayer.Result two = TranscriptReplayer.replay(harness.server.port(), second.envBlock(),
                second.exchanges().stream().map(AgiTranscript.Exchange::replyText).toList(), 5_000);
        assertEquals(List.of("after", "SUCCESS", "SUCCESS"), harness.outcome().value());
        assertEquals(List.of("GET VARIABLE AGISTATUS"), two.commands());
    }

    static String thrown(Runnable action) {
        try {
            action.run();
            return "no exception";
        } catch (CallHangupException | CallFailedException e) {
            return e.getClass().getSimpleName();
        }
    }
}
