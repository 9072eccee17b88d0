package io.frontdoor.ivr.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.sms.SmsMessage;
import io.frontdoor.callback.sms.SmsOutbox;
import io.frontdoor.callback.sms.SmsStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable outbox and the SMPP gateway together against a real SMSC that goes down and comes
 * back: every message arrives, none twice, and the store says delivered.
 */
class OutboxOverSmppTest {

    @Test
    void anSmscThatGoesDownAndComesBackLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        try (TestSmsc smsc = new TestSmsc("frontdoor", "secret").start();
                Database db = Database.open(StoreSettings.embeddedH2(dir))) {
            SmppSettings settings = SmppSettings.builder("127.0.0.1", smsc.port(), "frontdoor", "secret")
                    .localAddress(InetAddress.getLoopbackAddress()).window(4).sourceAddress("95588")
                    .rebindBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
            SmsStore store = new SmsStore(db.dataSource());
            try (SmppGateway gateway = new SmppGateway(settings);
                    SmsOutbox outbox = new SmsOutbox(store, gateway, new HibernateInteractionLog(db),
                            new SmsOutbox.Settings("95588", 4, 1000, 50, 50, Duration.ofMillis(100),
                                    Duration.ofMillis(400), Duration.ofHours(1)), Clock.systemUTC())) {
                gateway.onReceipt(outbox::onReceipt);
                gateway.start();
                assertTrue(gateway.awaitAvailable(Duration.ofSeconds(10)));
                outbox.start();
                for (int i = 0; i < 10; i++) {
                    outbox.enqueue(SmsOutbox.Message.of(null, String.format("+86138000000%02d", i), "before " + i,
                            null, "en"));
                }
                assertTrue(smsc.awaitMessages(10, Duration.ofSeconds(10)), "sent while the SMSC is up");

                smsc.stop(); // the SMSC goes down
                assertTrue(TestSmsc.await(() -> !gateway.isAvailable(), Duration.ofSeconds(10)), "the link is seen down");
                for (int i = 10; i < 30; i++) {
                    outbox.enqueue(SmsOutbox.Message.of(null, String.format("+86138000000%02d", i), "回电确认 " + i,
                            null, "zh"));
                }
                Thread.sleep(300);
                smsc.start(); // and comes back (some may have gone out before the link dropped: none twice either way)

                assertTrue(smsc.awaitMessages(30, Duration.ofSeconds(20)), "everything arrives once it is back: "
                        + smsc.messageCount());
                Thread.sleep(500);
                List<TestSmsc.Message> got = smsc.messages();
                assertEquals(30, got.size(), "no duplicates");
                Set<String> dests = new HashSet<>();
                got.forEach(m -> dests.add(m.dest()));
                assertEquals(30, dests.size(), "each message once");
                assertTrue(got.stream().anyMatch(m -> m.text().startsWith("回电确认") && m.dataCoding() == 8),
                        "the Chinese ones as UCS-2, intact");
                assertTrue(TestSmsc.await(() -> store.list(null, null, 100).stream()
                        .allMatch(m -> m.state() == SmsMessage.State.SENT || m.state() == SmsMessage.State.DELIVERED),
                        Duration.ofSeconds(10)), "the store knows every one was sent");
            }
        }
    }
}
