package io.frontdoor.ivr.smpp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.frontdoor.callback.sms.DeliveryReceipt;
import io.frontdoor.callback.sms.InboundSms;
import io.frontdoor.callback.sms.OutboundSms;
import io.frontdoor.callback.sms.SmsException;
import io.frontdoor.callback.sms.SubmitResult;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SmppGateway} against a real jsmpp SMSC ({@link TestSmsc}) on 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmppGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CUSTOMER = "+8613800138000";
    private static final String HOTLINE = "+8610095588";

    private TestSmsc smsc;
    private SmppGateway gateway;
    private final LinkedBlockingQueue<DeliveryReceipt> receipts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<InboundSms> inbound = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        smsc = new TestSmsc("frontdoor", "s3cret").start();
        gateway = gateway("s3cret", 10);
        assertTrue(gateway.awaitAvailable(WAIT), "bound");
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        smsc.close();
    }

    private SmppGateway gateway(String password, int window) {
        SmppGateway g = new SmppGateway(settings(password, window));
        g.onReceipt(receipts::add);
        g.onInbound(inbound::add);
        g.start();
        return g;
    }

    private SmppSettings settings(String password, int window) {
        return SmppSettings.builder("127.0.0.1", smsc.port(), "frontdoor", password)
                .localAddress(InetAddress.getLoopbackAddress())
                .window(window)
                .sourceAddress("95588").sourceTonNpi(3, 1)
                .rebindBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .submitTimeout(Duration.ofSeconds(2))
                .bindTimeout(Duration.ofSeconds(2))
                .enquireLinkInterval(Duration.ofSeconds(5))
                .inboundTimeout(Duration.ofMillis(300))
                .build();
    }

    private static OutboundSms sms(String id, String text) {
        return new OutboundSms(id, HOTLINE, CUSTOMER, text);
    }

    @Test
    void bindsAndSubmitsGsmText() throws Exception {
        String text = "Your callback is booked for 14:30 @ branch, fee $0 or €0. Reply 0 to cancel_";
        SubmitResult r = gateway.submit(sms("o1", text));
        assertEquals(1, r.smscIds().size());
        assertTrue(smsc.awaitMessages(1, WAIT));
        TestSmsc.Message m = smsc.messages().getFirst();
        assertEquals(text, m.text());
        assertEquals(0, m.dataCoding());
        TestSmsc.Part p = m.parts().getFirst();
        assertEquals(r.smscIds().getFirst(), p.id());
        assertEquals("8613800138000", p.dest());
        assertEquals(1, p.destTon(), "international");
        assertEquals("8610095588", p.source());
        assertEquals(1, p.sourceTon());
        assertEquals(0, p.esmClass() & 0x40, "no UDH");
        assertEquals(1, p.registeredDelivery() & 0x03, "receipt requested");
        assertEquals(1, smsc.binds());

        gateway.submit(new OutboundSms("o2", "FrontDoor", CUSTOMER, "hi"));
        gateway.submit(new OutboundSms("o3", "", CUSTOMER, "hi"));
        assertTrue(smsc.awaitMessages(3, WAIT));
        assertEquals(5, smsc.parts().get(1).sourceTon(), "alphanumeric sender");
        assertEquals("FrontDoor", smsc.parts().get(1).source());
        assertEquals("95588", smsc.parts().get(2).source(), "default sender");
        assertEquals(3, smsc.parts().get(2).sourceTon());
    }

    @Test
    void chineseGoesAsUcs2() throws Exception {
        String text = "您好，您的回电已安排在14:30。回复0取消。";
        gateway.submit(sms("c1", text));
        assertTrue(smsc.awaitMessages(1, WAIT));
        TestSmsc.Message m = smsc.messages().getFirst();
        assertEquals(8, m.dataCoding());
        assertEquals(text, m.text());
        assertEquals(1, m.parts().size());
    }

    @Test
    void longEnglishIsSplitInThreePartsWithUdh() throws Exception {
        String text = ("Dear customer, your callback from the bank hotline is confirmed. An agent will call "
                + "you back as soon as one is free; keep your phone nearby. ").repeat(3).substring(0, 400);
        SubmitResult r = gateway.submit(sms("l1", text));
        assertEquals(3, r.smscIds().size());
        assertEquals(3, new HashSet<>(r.smscIds()).size());
        assertTrue(smsc.awaitMessages(1, WAIT));
        TestSmsc.Message m = smsc.messages().getFirst();
        assertEquals(text, m.text());
        assertEquals(3, m.parts().size());
        int ref = m.parts().getFirst().udh()[3];
        for (int i = 0; i < 3; i++) {
            TestSmsc.Part p = m.parts().get(i);
            assertEquals(0x40, p.esmClass() & 0x40, "UDHI");
            assertEquals(0, p.dataCoding());
            assertArrayEquals(new byte[] {5, 0, 3, (byte) ref, 3, (byte) (i + 1)}, p.udh());
            assertTrue(p.body().length <= 153);
        }
        assertEquals(153, m.parts().get(0).body().length);
        assertEquals(94, m.parts().get(2).body().length);
    }

    @Test
    void longChineseIsSplitIn67CharacterParts() throws Exception {
        String text = "尊敬的客户您好感谢您致电本行客服热线我们已为您预约回电".repeat(6).substring(0, 150);
        SubmitResult r = gateway.submit(sms("l2", text));
        assertEquals(3, r.smscIds().size());
        assertTrue(smsc.awaitMessages(1, WAIT));
        TestSmsc.Message m = smsc.messages().getFirst();
        assertEquals(text, m.text());
        assertEquals(8, m.dataCoding());
        assertEquals(134, m.parts().get(0).body().length);
        assertEquals(134, m.parts().get(1).body().length);
        assertEquals(32, m.parts().get(2).body().length);
        assertEquals(3, m.parts().get(2).udh()[4]);
        assertEquals(3, m.parts().get(2).udh()[5]);
    }

    @Test
    void receiptsAreMapped() throws Exception {
        String[][] cases = {{"DELIVRD", "000"}, {"EXPIRED", "001"}, {"DELETED", "002"}, {"UNDELIV", "003"},
            {"REJECTD", "004"}, {"UNKNOWN", "005"}};
        DeliveryReceipt.State[] expected = {DeliveryReceipt.State.DELIVERED, DeliveryReceipt.State.EXPIRED,
            DeliveryReceipt.State.DELETED, DeliveryReceipt.State.UNDELIVERABLE, DeliveryReceipt.State.REJECTED,
            DeliveryReceipt.State.UNKNOWN};
        for (int i = 0; i < cases.length; i++) {
            String id = gateway.submit(sms("r" + i, "receipt " + i)).smscIds().getFirst();
            assertEquals(0, smsc.sendReceipt(id, cases[i][0], cases[i][1]), "deliver_sm_resp OK");
            DeliveryReceipt r = receipts.poll(5, TimeUnit.SECONDS);
            assertNotNull(r, cases[i][0]);
            assertEquals(id, r.smscId());
            assertEquals(expected[i], r.state());
            assertEquals(i == 0 ? "" : cases[i][1], r.error());
            assertEquals(java.time.Instant.parse("2025-01-01T12:01:00Z"), r.at());
        }
        assertEquals(0, smsc.sendReceipt("abc", "ENROUTE", "000"), "non-final state acknowledged");
        assertEquals(null, receipts.poll(200, TimeUnit.MILLISECONDS), "and not reported");
    }

    @Test
    void receiptArrivingBeforeSubmitReturnsIsNotLost() throws Exception {
        smsc.receiptBeforeResponse(true);
        String id = gateway.submit(sms("early", "quick one")).smscIds().getFirst();
        DeliveryReceipt r = receipts.poll(); // already there: the SMSC had it acknowledged before answering
        assertNotNull(r);
        assertEquals(id, r.smscId());
        assertEquals(DeliveryReceipt.State.DELIVERED, r.state());
    }

    @Test
    void mobileOriginatedInBothEncodingsAndInParts() throws Exception {
        assertEquals(List.of(0), smsc.sendMo(CUSTOMER, "95588", "CALL ME BACK", false, false, 0));
        InboundSms a = inbound.poll(5, TimeUnit.SECONDS);
        assertNotNull(a);
        assertEquals("CALL ME BACK", a.text());
        assertEquals(CUSTOMER, a.from());
        assertEquals("95588", a.to());

        smsc.sendMo(CUSTOMER, "95588", "请回电", true, false, 0);
        assertEquals("请回电", inbound.poll(5, TimeUnit.SECONDS).text());

        String longEn = "Please call me back tomorrow morning about my card. ".repeat(8);
        assertEquals(List.of(0, 0, 0), smsc.sendMo(CUSTOMER, "95588", longEn, false, false, 77));
        assertEquals(longEn, inbound.poll(5, TimeUnit.SECONDS).text());

        String longZh = "请明天上午给我回电话关于我的信用卡账单问题谢谢".repeat(7);
        assertEquals(3, smsc.sendMo(CUSTOMER, "95588", longZh, true, true, 0x1234).size());
        assertEquals(longZh, inbound.poll(5, TimeUnit.SECONDS).text());

        // parts out of order, 8-bit reference
        byte[] p1 = {5, 0, 3, 9, 2, 1, 'C', 'A', 'L', 'L', ' '};
        byte[] p2 = {5, 0, 3, 9, 2, 2, 'L', 'A', 'T', 'E', 'R'};
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, p2));
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, p1));
        assertEquals("CALL LATER", inbound.poll(5, TimeUnit.SECONDS).text());
        assertEquals(0, gateway.pendingInbound());
    }

    @Test
    void hostileInboundIsDroppedOrRepairedAndTheSessionGoesOn() throws Exception {
        // oversized: 20,000 bytes in message_payload
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0, new byte[0],
                new OptionalParameter.Message_payload(new byte[20_000])));
        // claims 200 parts
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, new byte[] {5, 0, 3, 1, (byte) 200, 1, 'x'}));
        // UDH longer than the message
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, new byte[] {(byte) 0xF0, 0, 3}));
        // part 3 of 2
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, new byte[] {5, 0, 3, 2, 2, 3, 'x'}));
        // binary data_coding
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 4, 0, new byte[] {1, 2, 3}));
        assertEquals(null, inbound.poll(200, TimeUnit.MILLISECONDS), "all dropped");

        // odd UCS-2 byte count and octets above 0x7F in GSM: handed on with U+FFFD
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 8, 0, new byte[] {0x56, (byte) 0xDE, 0x75}));
        assertEquals("回\uFFFD", inbound.poll(5, TimeUnit.SECONDS).text());
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0, new byte[] {'O', 'K', (byte) 0xFF}));
        assertEquals("OK\uFFFD", inbound.poll(5, TimeUnit.SECONDS).text());

        // parts that never complete are dropped after the timeout (300 ms here)
        assertEquals(0, smsc.sendDeliverSm(CUSTOMER, "95588", 0, 0x40, new byte[] {5, 0, 3, 42, 3, 1, 'a'}));
        assertEquals(0, smsc.sendDeliverSm("+8613900000000", "95588", 8, 0x40, new byte[] {6, 8, 4, 1, 2, 2, 1, 0, 'a'}));
        assertTrue(TestSmsc.await(() -> gateway.pendingInbound() == 2, WAIT));
        assertTrue(TestSmsc.await(() -> gateway.pendingInbound() == 0, WAIT), "expired");
        assertEquals(null, inbound.poll(100, TimeUnit.MILLISECONDS));

        // later messages still flow both ways on the same session
        assertEquals(List.of(0), smsc.sendMo(CUSTOMER, "95588", "STILL HERE", false, false, 0));
        assertEquals("STILL HERE", inbound.poll(5, TimeUnit.SECONDS).text());
        gateway.submit(sms("after", "still fine"));
        assertTrue(smsc.awaitMessages(1, WAIT));
        assertEquals(1, smsc.binds(), "never rebound");
        assertTrue(gateway.isAvailable());
    }

    @Test
    void throttlingAndRefusalsAreMapped() throws Exception {
        smsc.failNext(1, 0x58);
        SmsException t = assertThrows(SmsException.class, () -> gateway.submit(sms("t1", "x")));
        assertEquals(SmsException.Kind.THROTTLED, t.kind());
        assertTrue(t.getMessage().contains("ESME_RTHROTTLED"), t.getMessage());

        smsc.failNext(1, 0x14);
        assertEquals(SmsException.Kind.THROTTLED,
                assertThrows(SmsException.class, () -> gateway.submit(sms("t2", "x"))).kind());

        smsc.failNext(1, 0x0B);
        SmsException r = assertThrows(SmsException.class, () -> gateway.submit(sms("t3", "x")));
        assertEquals(SmsException.Kind.REJECTED, r.kind());
        assertTrue(r.getMessage().contains("ESME_RINVDSTADR (0x0000000B)"), r.getMessage());

        assertEquals(1, gateway.submit(sms("t4", "x")).smscIds().size(), "next one goes through");
        assertEquals(1, smsc.submits());
    }

    @Test
    void smscDownIsUnavailableThenRebindsWithoutDuplicates() throws Exception {
        gateway.submit(sms("d1", "before"));
        smsc.stop();
        assertTrue(TestSmsc.await(() -> !gateway.isAvailable(), WAIT), "noticed the loss");
        SmsException e = assertThrows(SmsException.class, () -> gateway.submit(sms("d2", "while down")));
        assertEquals(SmsException.Kind.UNAVAILABLE, e.kind());
        Thread.sleep(300); // a few failed rebind attempts
        smsc.start();
        assertTrue(gateway.awaitAvailable(WAIT), "rebound");
        gateway.submit(sms("d3", "after"));

        smsc.dropConnections(); // connection lost while the SMSC keeps listening
        assertTrue(TestSmsc.await(() -> smsc.binds() == 3 && gateway.isAvailable(), WAIT), "rebound again");
        gateway.submit(sms("d4", "after drop"));

        assertTrue(smsc.awaitMessages(3, WAIT));
        Thread.sleep(100);
        assertEquals(List.of("before", "after", "after drop"), smsc.messages().stream().map(TestSmsc.Message::text).toList());
        assertEquals(3, smsc.submits(), "nothing resubmitted by the gateway");
    }

    @Test
    void badPasswordIsNotAvailableAndSaysWhy() throws Exception {
        gateway.close();
        Logger logger = (Logger) LoggerFactory.getLogger(SmppGateway.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            gateway = gateway("wrongpw", 10);
            assertTrue(TestSmsc.await(() -> smsc.bindRejects() >= 2, WAIT), "retries with back-off");
            assertFalse(gateway.isAvailable());
            assertTrue(gateway.bindFailure().contains("ESME_RINVPASWD"), gateway.bindFailure());
            SmsException e = assertThrows(SmsException.class, () -> gateway.submit(sms("p1", "x")));
            assertEquals(SmsException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("ESME_RINVPASWD"), e.getMessage());
            List<String> lines = new ArrayList<>(logs.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("bind refused: ESME_RINVPASWD")
                    && l.contains("sms.smpp.password")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("wrongpw")), "password never logged");
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void idleLinkIsKeptAliveWithEnquireLink() throws Exception {
        gateway.close();
        gateway = new SmppGateway(SmppSettings.builder("127.0.0.1", smsc.port(), "frontdoor", "s3cret")
                .enquireLinkInterval(Duration.ofMillis(100)).build());
        gateway.start();
        assertTrue(gateway.awaitAvailable(WAIT));
        assertTrue(TestSmsc.await(() -> smsc.enquireLinks() >= 3, WAIT), "enquire_link sent when idle");
        assertTrue(gateway.isAvailable());
    }

    @Test
    void settingsRefuseFieldsSmppCannotCarryWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmppSettings.builder("h", 2775, "frontdoor", "toolongpw").build());
        assertFalse(e.getMessage().contains("toolongpw"));
        assertFalse(SmppSettings.builder("h", 2775, "frontdoor", "s3cret").build().toString().contains("s3cret"));
    }

    @Test
    void windowBoundsOutstandingSubmitsAcrossThreads() throws Exception {
        gateway.close();
        gateway = gateway("s3cret", 2);
        assertTrue(gateway.awaitAvailable(WAIT));
        smsc.responseDelay(Duration.ofMillis(30));
        List<Future<SubmitResult>> results = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit(() -> gateway.submit(sms("w" + n, "window " + n))));
            }
        }
        for (Future<SubmitResult> f : results) {
            assertEquals(1, f.get().smscIds().size());
        }
        assertEquals(12, smsc.submits());
        assertEquals(2, smsc.maxInFlight(), "at most the window, and the window was used");
    }
}
