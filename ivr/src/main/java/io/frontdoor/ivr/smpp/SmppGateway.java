package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.sms.DeliveryReceipt;
import io.frontdoor.callback.sms.InboundSms;
import io.frontdoor.callback.sms.OutboundSms;
import io.frontdoor.callback.sms.SmsException;
import io.frontdoor.callback.sms.SmsGateway;
import io.frontdoor.callback.sms.SubmitResult;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.GenericNackResponseException;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.DefaultComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link SmsGateway} over SMPP 3.4 (jsmpp), bound as a transceiver.
 *
 * <ul>
 *   <li>A background virtual thread binds, and rebinds with exponential back-off
 *       ({@link SmppSettings#rebindMinBackoff()} to {@link SmppSettings#rebindMaxBackoff()}) after an
 *       unbind, a lost connection or a refused bind; enquire_link keeps an idle link alive.</li>
 *   <li>{@link #submit} blocks until the SMSC answered every part; at most
 *       {@link SmppSettings#window()} submit_sm are outstanding across all threads. The gateway never
 *       resubmits by itself: retrying is the outbox's decision.</li>
 *   <li>Text goes as GSM 7-bit (data_coding 0) when every character fits, else UCS-2 (8); long
 *       texts are split with a concatenation UDH (see {@link SmsEncoder}). Every part asks for a
 *       delivery receipt.</li>
 *   <li>Delivery receipts and mobile-originated messages are handed to the handlers on jsmpp's
 *       PDU thread, before deliver_sm_resp is sent: a handler must be quick. If a handler throws,
 *       the SMSC gets ESME_RX_T_APPN and delivers again later. A receipt may reach its handler
 *       before {@code submit} returned the id it refers to. Malformed inbound messages are logged,
 *       acknowledged and dropped (policy in {@link InboundAssembler}).</li>
 * </ul>
 * Socket: TCP_NODELAY on (jsmpp's default socket stalls ~40 ms per PDU at small windows without it).
 */
public final class SmppGateway implements SmsGateway {
    private static final Logger log = LoggerFactory.getLogger(SmppGateway.class);

    private final SmppSettings settings;
    private final Semaphore window;
    private final InboundAssembler assembler;
    private final AtomicInteger concatRef = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final Object signal = new Object();
    private volatile Consumer<InboundSms> inboundHandler =
            sms -> log.warn("inbound SMS from {} dropped: no handler", Pii.phone(sms.from()));
    private volatile Consumer<DeliveryReceipt> receiptHandler = r -> { };
    private volatile SMPPSession session;
    private volatile boolean closed;
    private volatile String bindFailure = "";
    private Thread keeper;

    /** A gateway for the SMSC in {@code settings}; call {@link #start()} to bind. */
    public SmppGateway(SmppSettings settings) {
        this.settings = settings;
        this.window = new Semaphore(settings.window(), true);
        this.assembler = new InboundAssembler(settings.inboundMaxBytes(), settings.inboundMaxPending(),
                settings.inboundTimeout().toNanos());
    }

    /** Starts the background thread that binds and keeps the link bound. Returns at once. */
    public synchronized void start() {
        if (keeper != null) {
            return;
        }
        keeper = Thread.ofVirtual().name("smpp-" + settings.systemId()).start(this::keepBound);
    }

    /** Waits until bound, at most {@code timeout}; returns whether it is. */
    public boolean awaitAvailable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isAvailable() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return isAvailable();
    }

    /** Why the last bind failed ("" when it did not): e.g. "bind refused: ESME_RINVPASWD (0x0000000E)". */
    public String bindFailure() {
        return bindFailure;
    }

    /** Incomplete inbound concatenated messages held now. */
    public int pendingInbound() {
        return assembler.pending();
    }

    @Override
    public void onInbound(Consumer<InboundSms> handler) {
        this.inboundHandler = handler;
    }

    @Override
    public void onReceipt(Consumer<DeliveryReceipt> handler) {
        this.receiptHandler = handler;
    }

    @Override
    public boolean isAvailable() {
        SMPPSession s = session;
        return !closed && s != null && s.getSessionState().isBound();
    }

    @Override
    public SubmitResult submit(OutboundSms sms) throws SmsException {
        SMPPSession s = session;
        if (closed || s == null || !s.getSessionState().isBound()) {
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "not bound to SMSC " + where()
                    + (bindFailure.isEmpty() ? "" : " (" + bindFailure + ")"));
        }
        SmsEncoder.Encoded enc;
        try {
            enc = SmsEncoder.encode(sms.text(), concatRef.getAndIncrement() & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new SmsException(SmsException.Kind.REJECTED, "message " + sms.id() + ": " + e.getMessage());
        }
        String sender = sms.from().isEmpty() ? settings.sourceAddress() : sms.from();
        Address src = source(sender);
        Address dst = destination(sms.to());
        ESMClass esm = new ESMClass(enc.udh() ? SMPPConstant.ESMCLS_UDHI_INDICATOR_SET : 0);
        RawDataCoding dc = new RawDataCoding(enc.dataCoding());
        RegisteredDelivery receipt = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);
        List<String> ids = new ArrayList<>(enc.parts().size());
        for (int i = 0; i < enc.parts().size(); i++) {
            acquireWindow(sms);
            try {
                ids.add(s.submitShortMessage("", src.ton, src.npi, src.addr, dst.ton, dst.npi, dst.addr,
                        esm, (byte) 0, (byte) 1, null, null, receipt, (byte) 0, dc, (byte) 0,
                        enc.parts().get(i)).getMessageId());
            } catch (NegativeResponseException e) {
                throw refused(sms, i, enc, e.getCommandStatus(), e);
            } catch (GenericNackResponseException e) {
                throw refused(sms, i, enc, e.getCommandStatus(), e);
            } catch (ResponseTimeoutException e) {
                throw new SmsException(SmsException.Kind.UNAVAILABLE, "message " + sms.id() + " part " + (i + 1)
                        + ": no submit_sm_resp within " + settings.submitTimeout().toMillis() + " ms", e);
            } catch (PDUException e) {
                throw new SmsException(SmsException.Kind.REJECTED, "message " + sms.id() + ": invalid field: "
                        + Pii.text(e.getMessage()), e);
            } catch (InvalidResponseException | IOException e) {
                throw new SmsException(SmsException.Kind.UNAVAILABLE, "message " + sms.id() + " part " + (i + 1)
                        + ": " + Pii.text(String.valueOf(e.getMessage())), e);
            } finally {
                window.release();
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("SMS {} to {} submitted: {} chars, {} part(s), data_coding {}, ids {}", sms.id(),
                    Pii.phone(sms.to()), sms.text().length(), ids.size(), enc.dataCoding(), ids);
        }
        return new SubmitResult(ids);
    }

    private SmsException refused(OutboundSms sms, int part, SmsEncoder.Encoded enc, int status, Exception e) {
        SmsException.Kind kind = SmppStatus.kind(status);
        String msg = "message " + sms.id() + " part " + (part + 1) + "/" + enc.parts().size() + " refused by SMSC: "
                + SmppStatus.describe(status);
        if (kind == SmsException.Kind.REJECTED) {
            log.warn("SMS {} to {}: {}", sms.id(), Pii.phone(sms.to()), msg);
        }
        return new SmsException(kind, msg, e);
    }

    private void acquireWindow(OutboundSms sms) throws SmsException {
        try {
            if (!window.tryAcquire(settings.submitTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SmsException(SmsException.Kind.UNAVAILABLE, "message " + sms.id()
                        + ": submit window of " + settings.window() + " stayed full for " + settings.submitTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "interrupted waiting for the submit window", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        Thread k;
        synchronized (this) {
            k = keeper;
        }
        if (k != null) {
            k.interrupt();
            try {
                k.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SMPPSession s = session;
        session = null;
        if (s != null) {
            s.unbindAndClose();
        }
    }

    // ---- binding -------------------------------------------------------------------------------

    private void keepBound() {
        long backoff = settings.rebindMinBackoff().toMillis();
        long tick = Math.max(50, Math.min(1000, settings.inboundTimeout().toMillis() / 2));
        boolean wasBound = false;
        while (!closed) {
            SMPPSession s = session;
            if (s != null && s.getSessionState().isBound()) {
                expireInbound();
                waitSignal(tick);
                continue;
            }
            if (s != null) {
                session = null;
                s.close();
                if (wasBound) {
                    log.warn("SMPP link to {} lost ({}); rebinding", where(), s.getSessionState());
                }
                wasBound = false;
            }
            try {
                SMPPSession fresh = bind();
                if (closed) {
                    fresh.unbindAndClose();
                    break;
                }
                session = fresh;
                bindFailure = "";
                wasBound = true;
                backoff = settings.rebindMinBackoff().toMillis();
                log.info("SMPP bound as transceiver to {} as '{}' (window {})", where(), settings.systemId(),
                        settings.window());
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                long wait = backoff + ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
                bindFailure = describeBindFailure(e).replace(settings.password().isEmpty() ? "\u0000" : settings.password(), "****");
                log.warn("SMPP bind to {} as '{}' failed: {}; retrying in {} ms", where(), settings.systemId(),
                        bindFailure, wait);
                waitSignal(wait);
                backoff = Math.min(backoff * 2, settings.rebindMaxBackoff().toMillis());
            }
        }
    }

    private void waitSignal(long millis) {
        synchronized (signal) {
            if (closed) {
                return;
            }
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = closed || Thread.currentThread().isInterrupted();
            }
        }
    }

    private static String describeBindFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NegativeResponseException n) {
                String hint = switch (n.getCommandStatus()) {
                    case 0x0E, 0x0F -> " (check sms.smpp.system-id and sms.smpp.password)";
                    case 0x05 -> " (already bound: another node uses this system id?)";
                    default -> "";
                };
                return "bind refused: " + SmppStatus.describe(n.getCommandStatus()) + hint;
            }
            if (t instanceof ResponseTimeoutException) {
                return "no bind response";
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private SMPPSession bind() throws IOException {
        SMPPSession s = new SMPPSession(new SynchronizedPDUSender(new DefaultPDUSender(new DefaultComposer())),
                new CappedPduReader(), new NoDelayConnectionFactory(settings.localAddress(),
                (int) settings.bindTimeout().toMillis()));
        s.setEnquireLinkTimer((int) settings.enquireLinkInterval().toMillis());
        s.setTransactionTimer(settings.submitTimeout().toMillis());
        s.setQueueCapacity(Math.max(100, settings.window() * 4));
        s.setMessageReceiverListener(new Receiver());
        s.addSessionStateListener((newState, oldState, source) -> {
            if (!newState.isBound()) {
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        });
        s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX, settings.systemId(),
                settings.password(), settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                null), settings.bindTimeout().toMillis());
        return s;
    }

    private String where() {
        return settings.host() + ":" + settings.port();
    }

    // ---- addresses ---------------------------------------------------------------------------------

    private record Address(TypeOfNumber ton, NumberingPlanIndicator npi, String addr) {
    }

    private Address source(String sender) {
        if (sender.startsWith("+")) {
            return new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender.substring(1));
        }
        if (!sender.isEmpty() && !sender.chars().allMatch(Character::isDigit)) {
            return new Address(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, sender);
        }
        return new Address(TypeOfNumber.valueOf(settings.sourceTon()), NumberingPlanIndicator.valueOf(settings.sourceNpi()),
                sender);
    }

    private static Address destination(String to) {
        return to.startsWith("+")
                ? new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to.substring(1))
                : new Address(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, to);
    }

    private static String inboundAddress(byte ton, String addr) {
        if (addr == null) {
            return "";
        }
        return ton == TypeOfNumber.INTERNATIONAL.value() && !addr.startsWith("+") && !addr.isEmpty() ? "+" + addr : addr;
    }

    // ---- inbound -----------------------------------------------------------------------------------

    private void expireInbound() {
        for (String dropped : assembler.expire(System.nanoTime())) {
            String[] f = dropped.split("\\|", 3);
            log.warn("inbound SMS from {} dropped: parts missing after {} ({})", Pii.phone(f[0]),
                    settings.inboundTimeout(), f[2]);
        }
    }

    private static byte[] payload(DeliverSm d) {
        byte[] sm = d.getShortMessage();
        if (sm != null && sm.length > 0) {
            return sm;
        }
        OptionalParameter p = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        return p instanceof OptionalParameter.OctetString o ? o.getValue() : new byte[0];
    }

    private void onDeliverSm(DeliverSm d) throws ProcessRequestException {
        if (d.isSmscDeliveryReceipt()) {
            onReceipt(d);
        } else {
            onMobileOriginated(d);
        }
    }

    private void onReceipt(DeliverSm d) throws ProcessRequestException {
        Instant now = Instant.now();
        String text = new String(payload(d), StandardCharsets.ISO_8859_1);
        Optional<DeliveryReceipt> receipt = ReceiptText.parse(text, now);
        if (receipt.isEmpty()) {
            OptionalParameter id = d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
            OptionalParameter st = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
            if (id instanceof OptionalParameter.COctetString c && st instanceof OptionalParameter.Byte b) {
                DeliveryReceipt.State state = ReceiptText.state(b.getValue() & 0xFF);
                if (state != null) {
                    receipt = Optional.of(new DeliveryReceipt(c.getValueAsString(), state, now, ""));
                }
            }
        }
        if (receipt.isEmpty()) {
            log.debug("delivery receipt without a final state or id ignored: {}", Pii.text(text));
            return;
        }
        try {
            receiptHandler.accept(receipt.get());
        } catch (RuntimeException e) {
            log.error("receipt handler failed for SMSC id {}; SMSC will redeliver", receipt.get().smscId(), e);
            throw new ProcessRequestException("receipt handler failed", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
    }

    private void onMobileOriginated(DeliverSm d) throws ProcessRequestException {
        String from = inboundAddress(d.getSourceAddrTon(), d.getSourceAddr());
        String to = inboundAddress(d.getDestAddrTon(), d.getDestAddress());
        int sarRef = -1;
        int sarTotal = -1;
        int sarSeq = -1;
        if (d.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM) instanceof OptionalParameter.Short r
                && d.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS) instanceof OptionalParameter.Byte t
                && d.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM) instanceof OptionalParameter.Byte q) {
            sarRef = r.getValue() & 0xFFFF;
            sarTotal = t.getValue() & 0xFF;
            sarSeq = q.getValue() & 0xFF;
        }
        long now = System.nanoTime();
        InboundAssembler.Outcome outcome = assembler.accept(from, to, d.getDataCoding(), d.isUdhi(), payload(d),
                sarRef, sarTotal, sarSeq, now);
        switch (outcome) {
            case InboundAssembler.Dropped dropped ->
                    log.warn("inbound SMS from {} to {} dropped: {}", Pii.phone(from), to, dropped.reason());
            case InboundAssembler.Pending pending ->
                    log.debug("inbound SMS part {} of {} from {} held", pending.have(), pending.total(), Pii.phone(from));
            case InboundAssembler.Complete done -> {
                if (done.replaced() > 0) {
                    log.warn("inbound SMS from {}: {} undecodable character(s) replaced with U+FFFD (data_coding {})",
                            Pii.phone(from), done.replaced(), d.getDataCoding());
                }
                log.info("inbound SMS from {} to {}: {} chars in {} part(s)", Pii.phone(from), to,
                        done.text().length(), done.parts());
                try {
                    inboundHandler.accept(new InboundSms(from, to, done.text(), Instant.now(), ""));
                } catch (RuntimeException e) {
                    log.error("inbound SMS handler failed (from {}); SMSC will redeliver", Pii.phone(from), e);
                    throw new ProcessRequestException("inbound handler failed", SMPPConstant.STAT_ESME_RX_T_APPN);
                }
                assembler.done(done.key());
            }
        }
        expireInbound();
    }

    /** jsmpp's callback; nothing thrown from here but a deliberate ProcessRequestException. */
    private final class Receiver implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            try {
                onDeliverSm(deliverSm);
            } catch (ProcessRequestException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("malformed deliver_sm from {} dropped", Pii.phone(deliverSm.getSourceAddr()), e);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            log.debug("alert_notification ignored");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /**
     * jsmpp allocates whatever command_length says; a broken or hostile peer could ask for 2 GB. Above
     * {@link #MAX_PDU} the link is closed (jsmpp answers generic_nack and unbinds) and rebound.
     */
    static final class CappedPduReader extends DefaultPDUReader {
        static final int MAX_PDU = 70_000; // message_payload may carry up to 64 KiB

        @Override
        public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
            Command header = super.readPDUHeader(in);
            if (header.getCommandLength() > MAX_PDU) {
                log.warn("SMSC sent a PDU of {} bytes (limit {}); closing the link", header.getCommandLength(), MAX_PDU);
                throw new InvalidCommandLengthException("command_length " + header.getCommandLength() + " too long");
            }
            return header;
        }
    }

    /** Connects with TCP_NODELAY, a connect timeout and, if set, a local address. */
    static final class NoDelayConnectionFactory implements ConnectionFactory {
        private final InetAddress local;
        private final int connectTimeoutMillis;

        NoDelayConnectionFactory(InetAddress local, int connectTimeoutMillis) {
            this.local = local;
            this.connectTimeoutMillis = connectTimeoutMillis;
        }

        @Override
        public Connection createConnection(String host, int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                if (local != null) {
                    socket.bind(new InetSocketAddress(local, 0));
                }
                socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
                return new SocketConnection(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
    }

}
