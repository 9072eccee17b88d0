package io.frontdoor.ivr.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMS through FrontDoor's real server and a real SMSC (jsmpp's server side): the confirmation of a
 * callback requested by voice, and a callback requested by SMS in Chinese.
 */
class SmsOverServerTest {
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path dir;

    private AsteriskAmiPeer ami;
    private TestSmsc smsc;
    private FrontDoorServer server;

    @BeforeEach
    void start() throws Exception {
        ami = new AsteriskAmiPeer();
        ami.queue("vip", "ringall").averages(30, 300).addMember("PJSIP/2001", "Agent 2001");
        ami.memberInCall("vip", "PJSIP/2001", true);
        ami.start();
        smsc = new TestSmsc("frontdoor", "secret").start();
        Path queues = dir.resolve("queues.yaml");
        Files.writeString(queues, "default:\n  timezone: Asia/Shanghai\n");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>();
        env.put("FRONTDOOR_HOME", repo.toString());
        env.put("FRONTDOOR_DATA_DIR", dir.resolve("data").toString());
        env.put("FRONTDOOR_AGI_PORT", "0");
        env.put("FRONTDOOR_SIP_PORT", "0");
        env.put("FRONTDOOR_ADMIN_PORT", "0");
        env.put("FRONTDOOR_ESL_PORT", "0");
        env.put("FRONTDOOR_DIALPLANS_RELOAD_MS", "0");
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
        env.put("FRONTDOOR_CALLBACK_ENABLED", "true");
        env.put("FRONTDOOR_CALLBACK_QUEUES_FILE", queues.toString());
        env.put("FRONTDOOR_AMI_PORT", Integer.toString(ami.port()));
        env.put("FRONTDOOR_AMI_USER", "javatest");
        env.put("FRONTDOOR_AMI_SECRET", "javatest-secret");
        env.put("FRONTDOOR_SMS_GATEWAY", "smpp");
        env.put("FRONTDOOR_SMS_SENDER", "95588");
        env.put("FRONTDOOR_SMS_SMPP_PORT", Integer.toString(smsc.port()));
        env.put("FRONTDOOR_SMS_SMPP_SYSTEM_ID", "frontdoor");
        env.put("FRONTDOOR_SMS_SMPP_PASSWORD", "secret");
        env.put("FRONTDOOR_SMS_COMMANDS_POLICY", "known-customers");
        Clock clock = Clock.offset(Clock.system(ZoneId.of("Asia/Shanghai")), Duration.between(Instant.now(), MONDAY_10));
        server = FrontDoorServer.start(Settings.load(null, env), clock);
        var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                .importFile(repo.resolve("examples/customers.csv"));
        assertEquals(0, report.rejected(), report.errors().toString());
        assertTrue(TestSmsc.await(() -> smsc.boundSessions() > 0, Duration.ofSeconds(10)), "bound to the SMSC");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        smsc.close();
        ami.close();
    }

    @Test
    void aCallbackPromisedByVoiceIsConfirmedBySms() throws Exception {
        var channel = new AsteriskAgiPeer(server.agiPort())
                .dial(new PeerCall().callerId("+8613800138000").extension("100").keys("", "", "1", "1"));
        assertTrue(channel.awaitEnd(Duration.ofSeconds(20)));
        assertEquals(1, new CallbackStore(server.database().dataSource()).openFor("C1001").size());
        assertTrue(smsc.awaitMessages(1, Duration.ofSeconds(10)), "confirmation sent");
        TestSmsc.Message sms = smsc.messages().get(0);
        assertEquals("+8613800138000", sms.dest().startsWith("+") ? sms.dest() : "+" + sms.dest());
        assertTrue(sms.text().contains("CANCEL"), sms.text());
        assertTrue(sms.text().contains("call you back"), sms.text());
    }

    @Test
    void aChineseTextAsksForACallbackAndIsAnsweredInChinese() throws Exception {
        List<Integer> status = smsc.sendMo("8613700137000", "95588", "回电", true, false, 1);
        assertEquals(List.of(0), status, "deliver_sm accepted");
        CallbackStore store = new CallbackStore(server.database().dataSource());
        assertTrue(TestSmsc.await(() -> store.openFor("C1003").size() == 1, Duration.ofSeconds(10)),
                "Mr. Wang's callback request stored");
        CallbackRequest r = store.openFor("C1003").get(0);
        assertEquals("+8613700137000", r.phone());
        assertEquals("vip", r.queue());
        assertTrue(smsc.awaitMessages(1, Duration.ofSeconds(10)), "a reply was sent");
        TestSmsc.Message reply = smsc.messages().get(0);
        assertEquals(8, reply.dataCoding(), "Chinese goes out as UCS-2");
        assertTrue(reply.text().contains("取消"), reply.text());
    }
}
