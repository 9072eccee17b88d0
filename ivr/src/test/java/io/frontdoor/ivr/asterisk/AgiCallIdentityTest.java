package io.frontdoor.ivr.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.frontdoor.ivr.asterisk.peer.AgiTranscript;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.TranscriptReplayer;
import io.frontdoor.ivr.call.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who is calling, what they dialled and which flow the dialplan asked for, from the env block. */
@Timeout(30)
class AgiCallIdentityTest {
    private final AgiHarness harness = new AgiHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @ParameterizedTest
    @CsvSource({"agi-00-env-callerid-plus.txt, +8613800138000, 101",
            "agi-00-env-callerid-noplus.txt, 8613800138000, 102",
            "agi-00-env-callerid-number-only.txt, 13800138000, 103"})
    void recordedEnvBlocksGiveCallerAsDeliveredAndExtensionAsDialled(String file, String caller, String dialled)
            throws Exception {
        harness.script(call -> call);
        AgiTranscript.Connection recorded = AgiTranscript.load(file).connections().get(0);
        TranscriptReplayer.replay(harness.server.port(), recorded.envBlock(), List.of(), 5_000);

        Call call = (Call) harness.outcome().value();
        Map<String, String> env = recorded.env();
        assertEquals(env.get("agi_uniqueid"), call.id());
        assertEquals(caller, call.callerNumber());
        assertEquals(dialled, call.dialledNumber());
        assertEquals("fd-wire", call.entryPoint());
        assertNull(call.requestedFlow());
        assertEquals(Map.of("channel", env.get("agi_channel"), "version", "22.10.1", "type", "Local",
                "language", "en", "request", "agi://127.0.0.1:4573/frontdoor"), call.attributes());
    }

    @Test
    void withheldCallerIsNullDnidWinsAndTheScriptPathNamesTheFlow() throws Exception {
        harness.script(call -> call);
        harness.peer.dial(new PeerCall().callerId(null).callerName(null).dnid("+861095588")
                .extension("s").script("frontdoor/hotline-en").args("vip", "zh"));

        Call call = (Call) harness.outcome().value();
        assertNull(call.callerNumber());
        assertEquals("+861095588", call.dialledNumber());
        assertEquals("from-trunk", call.entryPoint());
        assertEquals("hotline-en", call.requestedFlow());
        assertEquals("vip,zh", call.attributes().get("args"));
        assertEquals("zh", call.attributes().get("arg_2"));
        assertEquals("PJSIP", call.attributes().get("type"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"frontdoor, null", "frontdoor/, null", "frontdoor/hotline-en, hotline-en",
            "frontdoor/a/b, a/b", "after, after", "other/flow, other/flow", "frontdoor?x=1, null",
            "frontdoor/vip?lang=zh, vip", "null, null"})
    void requestedFlowComesFromTheScriptPath(String script, String flow) {
        assertEquals(flow, AgiCall.flowOf(script));
    }
}
