package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.caller.Greeting;
import io.frontdoor.ivr.freeswitch.EslCallServer;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchPeer;
import io.frontdoor.ivr.freeswitch.peer.Transcript;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real FlowRunner, unchanged, on a call that FreeSWITCH (the 1.10 peer) hands over outbound ESL. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FlowOverEslTest {
    static final String HOTLINE = FlowRunnerTest.HOTLINE.replace(
            "hotline: [\"+86 400-123-4567\", \"400 123 4567\", \"100\"]", "hotline: [\"95588\"]");

    @TempDir
    Path dir;

    @Test
    void menuChoiceKeyedOverEslRunsTheSelfServiceBranch() throws Exception {
        assertTrue(HOTLINE.contains("\"95588\""), "dialplan rewritten for the recorded DNIS");
        FlowHarness h = new FlowHarness(dir).file("hotline.yaml", HOTLINE);
        Customer standard = FakeCallers.customer("C2", "Li Na", Tier.STANDARD, "en");
        FlowRunner runner = h.runner(FakeCallers.Identifier.always(FakeCallers.known(standard, Greeting.RETURNING, true)));
        FreeSwitchPeer peer = new FreeSwitchPeer(Transcript.load("outbound-dtmf-play-and-get-digits.txt"),
                Transcript.load("outbound-socket-answer-playback.txt"),
                Transcript.load("outbound-set-export-and-api.txt"));

        try (EslCallServer server = new EslCallServer(0, runner)) {
            FreeSwitchPeer.await(peer.call(server.port()));
        }

        assertEquals(1, h.log.recorded.size(), "one interaction recorded");
        Interaction i = h.log.recorded.get(0);
        assertEquals(Outcome.COMPLETED, i.outcome());
        assertEquals("greet>route>main_menu>balance>bye", i.path());
        assertEquals("main_menu=1", i.choices());
        assertEquals(peer.channelUuid, i.ref());
        String all = String.join("\n\n", peer.commands);
        assertTrue(all.contains("execute-app-name: play_and_get_digits\nexecute-app-arg: 1 1 "), all);
        assertTrue(all.contains("execute-app-name: playback\nexecute-app-arg: en/selfservice.balance\n"), all);
        assertTrue(all.contains("call-command: hangup"), all);
        assertEquals("exit", peer.commands.get(peer.commands.size() - 1));
        assertTrue(peer.closedByServer());
    }
}
