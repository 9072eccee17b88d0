package io.frontdoor.ivr.smpp;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.MessageId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A real SMSC for tests and the benchmark: jsmpp's server side on 127.0.0.1. It checks bind
 * credentials, answers submit_sm with ids, records what it received (parts and texts reassembled
 * from UDH concatenation), sends delivery receipts and mobile-originated deliver_sm (text or raw
 * bytes), can answer the next N submits with an error, drop connections and stop/restart listening.
 */
final class TestSmsc implements AutoCloseable {

    /** One submit_sm as received. */
    record Part(String source, byte sourceTon, String dest, byte destTon, int dataCoding, int esmClass,
                int registeredDelivery, byte[] udh, byte[] body, String id, long receivedNanos) {
    }

    /** A whole message: its parts reassembled. */
    record Message(String dest, String text, int dataCoding, List<Part> parts) {
    }

    private final String systemId;
    private final String password;
    private final boolean record;
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = SMPPConstant.STAT_ESME_RTHROTTLED;
    private volatile boolean receiptBeforeResponse;
    private volatile long responseDelayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger binds = new AtomicInteger();
    private final AtomicInteger bindRejects = new AtomicInteger();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger enquireLinks = new AtomicInteger();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final Map<String, Part[]> pending = new HashMap<>();
    private volatile SMPPServerSessionListener listener;
    private volatile int port;

    /** @param record whether to keep every part and message (off in the benchmark's hot path: counts only) */
    TestSmsc(String systemId, String password, boolean record) {
        this.systemId = systemId;
        this.password = password;
        this.record = record;
    }

    TestSmsc(String systemId, String password) {
        this(systemId, password, true);
    }

    /** Listens on 127.0.0.1 (an ephemeral port the first time, the same port after a restart). */
    synchronized TestSmsc start() throws IOException {
        if (listener != null) {
            return this;
        }
        SMPPServerSessionListener l = new SMPPServerSessionListener(port, 0, 50, new LoopbackFactory());
        l.setPduProcessorDegree(4);
        l.setQueueCapacity(1000);
        l.setMessageReceiverListener(new Receiver());
        listener = l;
        Thread.ofVirtual().name("test-smsc-accept").start(() -> acceptLoop(l));
        return this;
    }

    int port() {
        return port;
    }

    /** Stops listening and closes every session (the SMSC is down). */
    synchronized void stop() {
        SMPPServerSessionListener l = listener;
        listener = null;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        dropConnections();
    }

    /** Closes every session abruptly (no unbind) but keeps listening. */
    void dropConnections() {
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    @Override
    public void close() {
        stop();
    }

    /** The next {@code n} submit_sm are answered with {@code status} (e.g. ESME_RTHROTTLED). */
    void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** Send a DELIVRD receipt for each submit and wait for its deliver_sm_resp before answering the submit. */
    void receiptBeforeResponse(boolean on) {
        receiptBeforeResponse = on;
    }

    /** Answers each submit_sm only after this delay (to see the ESME's window at work). */
    void responseDelay(Duration delay) {
        responseDelayMillis = delay.toMillis();
    }

    /** Most submit_sm being processed at once so far. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    int binds() {
        return binds.get();
    }

    int bindRejects() {
        return bindRejects.get();
    }

    int enquireLinks() {
        return enquireLinks.get();
    }

    int submits() {
        return submits.get();
    }

    int boundSessions() {
        return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
    }

    synchronized List<Part> parts() {
        return List.copyOf(parts);
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    boolean awaitMessages(int n, Duration timeout) throws InterruptedException {
        return await(() -> messageCount() >= n, timeout);
    }

    synchronized int messageCount() {
        return messages.size();
    }

    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    // ---- sending to the ESME ------------------------------------------------------------------------

    /** Sends a delivery receipt; returns the deliver_sm_resp command_status. */
    int sendReceipt(String messageId, String stat, String err) throws Exception {
        String text = "id:" + messageId + " sub:001 dlvrd:" + ("DELIVRD".equals(stat) ? "001" : "000")
                + " submit date:2501011200 done date:2501011201 stat:" + stat + " err:" + err + " text:Your code";
        return sendDeliverSm("+8613800138000", "95588", 0, 0x04 /* SMSC delivery receipt */,
                text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends a mobile-originated text: GSM 7-bit (ASCII letters only) or UCS-2, split with a UDH
     * (8-bit or 16-bit reference) when it does not fit one message. Returns the statuses answered.
     */
    List<Integer> sendMo(String from, String to, String text, boolean ucs2, boolean ref16, int ref) throws Exception {
        byte[] all = ucs2 ? text.getBytes(StandardCharsets.UTF_16BE) : text.getBytes(StandardCharsets.US_ASCII);
        int single = ucs2 ? 140 : 160;
        int per = ucs2 ? 134 : 153;
        List<Integer> statuses = new ArrayList<>();
        if (all.length <= single) {
            statuses.add(sendDeliverSm(from, to, ucs2 ? 8 : 0, 0, all));
            return statuses;
        }
        int total = (all.length + per - 1) / per;
        for (int i = 0; i < total; i++) {
            byte[] body = Arrays.copyOfRange(all, i * per, Math.min(all.length, (i + 1) * per));
            byte[] udh = ref16
                    ? new byte[] {6, 8, 4, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) (i + 1)}
                    : new byte[] {5, 0, 3, (byte) ref, (byte) total, (byte) (i + 1)};
            byte[] sm = new byte[udh.length + body.length];
            System.arraycopy(udh, 0, sm, 0, udh.length);
            System.arraycopy(body, 0, sm, udh.length, body.length);
            statuses.add(sendDeliverSm(from, to, ucs2 ? 8 : 0, SMPPConstant.ESMCLS_UDHI_INDICATOR_SET, sm));
        }
        return statuses;
    }

    /** Sends any deliver_sm to the bound ESME; returns the deliver_sm_resp command_status. */
    int sendDeliverSm(String from, String to, int dataCoding, int esmClass, byte[] shortMessage,
                      OptionalParameter... optional) throws Exception {
        SMPPServerSession s = sessions.stream().filter(x -> x.getSessionState().isBound()).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no ESME bound"));
        boolean intl = from.startsWith("+");
        try {
            s.deliverShortMessage("", intl ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.ISDN, intl ? from.substring(1) : from, TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.ISDN, to, new ESMClass(esmClass), (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), new RawDataCoding((byte) dataCoding), shortMessage, optional);
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        }
    }

    // ---- server side ------------------------------------------------------------------------------

    private void acceptLoop(SMPPServerSessionListener l) {
        while (listener == l) {
            SMPPServerSession s;
            try {
                s = l.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().name("test-smsc-bind").start(() -> handleBind(s));
        }
    }

    private void handleBind(SMPPServerSession s) {
        try {
            BindRequest bind = s.waitForBind(5000);
            if (systemId.equals(bind.getSystemId()) && password.equals(bind.getPassword())) {
                bind.accept("TestSmsc");
                s.setEnquireLinkTimer(0);
                sessions.add(s);
                binds.incrementAndGet();
            } else {
                bindRejects.incrementAndGet();
                bind.reject(systemId.equals(bind.getSystemId())
                        ? SMPPConstant.STAT_ESME_RINVPASWD : SMPPConstant.STAT_ESME_RINVSYSID);
            }
        } catch (Exception e) {
            s.close();
        }
    }

    private void onSubmit(SubmitSm sm, String id) {
        long now = System.nanoTime();
        submits.incrementAndGet();
        if (!record) {
            return;
        }
        byte[] raw = sm.getShortMessage();
        byte[] udh = new byte[0];
        byte[] body = raw;
        if ((sm.getEsmClass() & SMPPConstant.ESMCLS_UDHI_INDICATOR_SET) != 0 && raw.length > 0) {
            int udhl = raw[0] & 0xFF;
            udh = Arrays.copyOfRange(raw, 0, udhl + 1);
            body = Arrays.copyOfRange(raw, udhl + 1, raw.length);
        }
        Part p = new Part(sm.getSourceAddr(), sm.getSourceAddrTon(), sm.getDestAddress(), sm.getDestAddrTon(),
                sm.getDataCoding() & 0xFF, sm.getEsmClass() & 0xFF, sm.getRegisteredDelivery() & 0xFF, udh, body, id, now);
        synchronized (this) {
            parts.add(p);
            if (udh.length >= 6 && udh[1] == 0 && udh[2] == 3) {
                int ref = udh[3] & 0xFF;
                int total = udh[4] & 0xFF;
                int seq = udh[5] & 0xFF;
                String key = p.dest() + "/" + ref + "/" + total;
                Part[] group = pending.computeIfAbsent(key, k -> new Part[total]);
                group[seq - 1] = p;
                if (Arrays.stream(group).allMatch(x -> x != null)) {
                    pending.remove(key);
                    StringBuilder text = new StringBuilder();
                    for (Part g : group) {
                        text.append(decode(g.dataCoding(), g.body()));
                    }
                    messages.add(new Message(p.dest(), text.toString(), p.dataCoding(), List.of(group)));
                }
            } else {
                messages.add(new Message(p.dest(), decode(p.dataCoding(), body), p.dataCoding(), List.of(p)));
            }
        }
    }

    /** The SMSC's own reading: UCS-2, or GSM 7-bit for the ASCII letters, digits and a few symbols tests use. */
    static String decode(int dataCoding, byte[] body) {
        if (dataCoding == 8) {
            return new String(body, StandardCharsets.UTF_16BE);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0xFF;
            if (b == 0x1B && i + 1 < body.length) {
                int e = body[++i] & 0xFF;
                s.append(e == 0x65 ? '€' : e == 0x28 ? '{' : e == 0x29 ? '}' : '?');
            } else {
                s.append(b == 0x00 ? '@' : b == 0x02 ? '$' : b == 0x11 ? '_' : (char) b);
            }
        }
        return s.toString();
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return submit(submitSm);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private SubmitSmResult submit(SubmitSm submitSm) throws ProcessRequestException {
            if (responseDelayMillis > 0) {
                try {
                    Thread.sleep(responseDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new ProcessRequestException("test failure", failStatus);
            }
            String id = Long.toHexString(ids.incrementAndGet());
            onSubmit(submitSm, id);
            if (receiptBeforeResponse) {
                try {
                    sendReceipt(id, "DELIVRD", "000");
                } catch (Exception e) {
                    throw new ProcessRequestException("receipt failed: " + e, SMPPConstant.STAT_ESME_RSYSERR);
                }
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                               SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptEnquireLink(org.jsmpp.bean.EnquireLink enquireLink, Session source) {
            enquireLinks.incrementAndGet();
        }
    }

    /** Listens on 127.0.0.1 only and sets TCP_NODELAY on accepted sockets, as a real SMSC should. */
    private final class LoopbackFactory implements ServerConnectionFactory {
        @Override
        public ServerConnection listen(int p) throws IOException {
            return listen(p, 0, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout) throws IOException {
            return listen(p, timeout, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), backlog);
            ss.setSoTimeout(timeout);
            port = ss.getLocalPort();
            return new ServerConnection() {
                @Override
                public Connection accept() throws IOException {
                    Socket s = ss.accept();
                    s.setTcpNoDelay(true);
                    return new SocketConnection(s);
                }

                @Override
                public void setSoTimeout(int t) {
                    try {
                        ss.setSoTimeout(t);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public int getSoTimeout() throws IOException {
                    return ss.getSoTimeout();
                }

                @Override
                public void close() throws IOException {
                    ss.close();
                }
            };
        }
    }
}
