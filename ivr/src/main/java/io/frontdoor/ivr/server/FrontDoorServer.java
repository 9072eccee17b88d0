package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.customer.CallerCache;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.SpoolingInteractionLog;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.CallbackTimeline;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.CallbackScheduler;
import io.frontdoor.ivr.asterisk.AgiCallServer;
import io.frontdoor.ivr.asterisk.ami.AmiAgentPresence;
import io.frontdoor.ivr.asterisk.ami.AmiConnection;
import io.frontdoor.ivr.asterisk.ami.AmiDialer;
import io.frontdoor.ivr.asterisk.ami.AmiSettings;
import io.frontdoor.ivr.desktop.ScreenPopSettings;
import io.frontdoor.ivr.desktop.WebhookScreenPop;
import io.frontdoor.ivr.flow.QueuePolicyLoader;
import io.frontdoor.callback.sms.CallbackSms;
import io.frontdoor.callback.sms.OneTimeCodes;
import io.frontdoor.callback.sms.SmsCommands;
import io.frontdoor.callback.sms.SmsGateway;
import io.frontdoor.callback.sms.SmsOutbox;
import io.frontdoor.callback.sms.SmsStore;
import io.frontdoor.callback.sms.SmsTemplates;
import io.frontdoor.ivr.smpp.LogSmsGateway;
import io.frontdoor.ivr.smpp.SmppGateway;
import io.frontdoor.ivr.smpp.SmppSettings;
import io.frontdoor.ivr.caller.StoreCallerIdentifier;
import io.frontdoor.ivr.caller.TrustPolicy;
import io.frontdoor.ivr.flow.DialplanRegistry;
import io.frontdoor.ivr.flow.FlowRunner;
import io.frontdoor.ivr.speech.PromptCatalog;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the store, the front door's flow engine and the switch adapters, built from
 * one {@link Settings} and closed in reverse order.
 */
public final class FrontDoorServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrontDoorServer.class);

    /** Everything started so far, closed in reverse order; shared with {@link #start} (see there). */
    private final Deque<AutoCloseable> open;
    private final Database database;
    private final SpoolingInteractionLog interactions;
    private final DialplanRegistry dialplans;
    private volatile FlowRunner flows; // set once; volatile: the SIP endpoint reads it from its threads
    private final PromptCatalog prompts;
    private final Callbacks callbacks;
    private final Sms sms;
    private final io.frontdoor.ivr.speech.RecognizerPool speech;
    private AgiCallServer agi;
    private io.frontdoor.ivr.sip.SipEndpoint sip;
    private io.frontdoor.ivr.freeswitch.EslCallServer esl;
    private io.frontdoor.ivr.admin.AdminServer admin;

    private FrontDoorServer(Settings s, Clock clock, Deque<AutoCloseable> open) {
        this.open = open;
        database = keep(Store.open(s));
        PhoneNumbers phones = Store.phoneNumbers(s);
        interactions = keep(new SpoolingInteractionLog(new HibernateInteractionLog(database),
                s.path("data-dir").resolve("spool"), Duration.ofMillis(s.integer("spool.retry-ms"))));
        interactions.flush(); // what a previous run spooled and could not write
        TrustPolicy trust = new TrustPolicy(TrustPolicy.Mode.parse(s.text("callerid.trust")),
                s.list("callerid.trusted-entry-points"), s.text("callerid.attestation-variable"),
                s.list("callerid.attestation-levels"));
        HibernateCustomerDirectory directory = new HibernateCustomerDirectory(database);
        // the first lookup prepares the query and loads its classes: now, not on a caller's deadline
        directory.findCallers("+8613800000000");
        CallerCache callerCache = new CallerCache(directory, s.integer("lookup.cache-size"),
                Duration.ofSeconds(s.integer("lookup.cache-ttl-s")));
        StoreCallerIdentifier callers = keep(new StoreCallerIdentifier(callerCache,
                phones, trust, Duration.ofMillis(s.integer("lookup.timeout-ms"))));
        prompts = Prompts.catalog(s);
        long reload = s.integer("dialplans.reload-ms");
        dialplans = keep(new DialplanRegistry(s.path("dialplans.dir"), prompts::has,
                reload == 0 ? null : Duration.ofMillis(reload)));
        var report = dialplans.lastReport();
        report.errors().forEach(e -> log.error("dialplan rejected: {}", e));
        if (report.serving().isEmpty()) {
            throw new IllegalStateException("no valid flow in " + s.path("dialplans.dir")
                    + " (run `frontdoor dialplan check` for the reasons)");
        }
        log.info("serving flows {}", report.serving());
        if (s.bool("sip.enabled")) {
            // listening from here on; a call before the flows are ready is refused (480)
            sip = keep(SipSetup.start(s, call -> {
                FlowRunner f = this.flows;
                if (f == null) {
                    throw new io.frontdoor.ivr.call.CallFailedException("server still starting");
                }
                f.handle(call);
            }, prompts, database, clock));
        }
        callbacks = s.bool("callback.enabled") ? startCallbacks(s, clock, directory) : null;
        flows = new FlowRunner(dialplans, callers, prompts, callerCache.noting(interactions), clock, s.integer("flow.step-budget"),
                callbacks == null ? null : callbacks.service(), callbacks == null ? null : callbacks.dispatcher());
        sms = s.bool("sms.enabled") ? startSms(s, clock, directory, phones) : null;
        speech = s.bool("speech.enabled") ? keep(SpeechSetup.pool(s)) : null;
        if (speech != null) {
            flows.speech(speech);
        }
        if (sms != null) {
            flows.sms(sms::sendTemplate);
            OneTimeCodes codes = new OneTimeCodes(new SmsStore(database.dataSource()), sms.outbox(), sms.templates(),
                    OneTimeCodes.Settings.defaults(), clock);
            flows.verifier(new io.frontdoor.ivr.flow.NumberVerifier() {
                @Override
                public String send(String phone, String customerId, String language) {
                    return codes.send(phone, customerId, "callback", language).map(OneTimeCodes.Issued::id).orElse(null);
                }

                @Override
                public boolean verify(String id, String code) {
                    return codes.verify(id, code) == OneTimeCodes.Check.OK;
                }
            });
        }
    }

    /** The callback side: AMI, the virtual queue, the dispatcher, Quartz and the screen pop. */
    private Callbacks startCallbacks(Settings s, Clock clock, HibernateCustomerDirectory directory) {
        QueuePolicyLoader.Result queues = QueuePolicyLoader.load(s.path("callback.queues-file"));
        if (!queues.errors().isEmpty()) {
            queues.errors().forEach(e -> log.error("callback queues rejected: {}", e));
            throw new IllegalStateException("callback queue settings " + s.path("callback.queues-file")
                    + " have errors (above)");
        }
        io.frontdoor.ivr.sip.SipAgents sipAgentsForCallbacks = null;
        io.frontdoor.callback.dispatch.AgentPresence presence;
        io.frontdoor.callback.dispatch.Dialer dialer;
        Runnable connectSwitch;
        String switchName;
        if ("sip".equals(s.text("callback.switch"))) {
            if (sip == null) {
                throw new IllegalStateException("callback.switch is sip but the SIP endpoint is off (sip.enabled)");
            }
            io.frontdoor.ivr.sip.SipAgents sipAgents = sip.agentsOrNone();
            presence = sipAgents;
            dialer = new io.frontdoor.ivr.sip.SipDialer(sip);
            sipAgentsForCallbacks = sipAgents; // told below which callbacks are ahead of waiting callers
            connectSwitch = () -> { };
            switchName = "embedded SIP";
        } else if ("freeswitch".equals(s.text("callback.switch"))) {
            if (!s.bool("esl.enabled")) {
                throw new IllegalStateException("callback.switch is freeswitch but esl.enabled is false: answered "
                        + "callbacks come back over the outbound ESL listener");
            }
            var esl = keep(new io.frontdoor.ivr.freeswitch.EslConnection(io.frontdoor.ivr.freeswitch.EslSettings.of(
                    s.text("freeswitch.host"), s.integer("freeswitch.esl-port"), s.text("freeswitch.esl-password")),
                    "BACKGROUND_JOB CUSTOM callcenter::info"));
            presence = new io.frontdoor.ivr.freeswitch.EslAgentPresence(esl);
            dialer = keep(new io.frontdoor.ivr.freeswitch.EslDialer(esl, new io.frontdoor.ivr.freeswitch.EslDialer.Options(
                    s.text("freeswitch.dial-string"), s.text("freeswitch.socket"), s.text("freeswitch.handback-context"),
                    java.time.Duration.ofSeconds(30))));
            connectSwitch = esl::start;
            switchName = "FreeSWITCH ESL " + s.text("freeswitch.host") + ":" + s.integer("freeswitch.esl-port");
        } else {
            AmiConnection ami = keep(new AmiConnection(AmiSettings.of(s.text("ami.host"), s.integer("ami.port"),
                    s.text("ami.user"), s.text("ami.secret"))));
            presence = new AmiAgentPresence(ami);
            dialer = new AmiDialer(ami, AmiDialer.Options.defaults()
                    .withCustomerChannel(s.text("ami.dial-channel"))
                    .withTarget(s.text("ami.callback-context"), "s", 1));
            connectSwitch = ami::start;
            switchName = "AMI " + s.text("ami.host") + ":" + s.integer("ami.port");
        }
        WebhookScreenPop pop = keep(WebhookScreenPop.create(s.text("screenpop.url").isEmpty()
                ? ScreenPopSettings.disabled()
                : new ScreenPopSettings(s.text("screenpop.url"), s.text("screenpop.secret"),
                        Duration.ofMillis(s.integer("screenpop.timeout-ms")), s.integer("screenpop.attempts"),
                        ScreenPopSettings.DEFAULT_BACKOFF, ScreenPopSettings.DEFAULT_MAX_IN_FLIGHT)));
        CallbackStore store = new CallbackStore(database.dataSource());
        VirtualQueue queue = new VirtualQueue();
        var policies = queues.lookup();
        CallbackDispatcher dispatcher = keep(new CallbackDispatcher(store, queue, policies, presence, dialer, pop,
                directory, interactions, clock, new CallbackDispatcher.Options(
                        Duration.ofMillis(s.integer("callback.answer-timeout-ms")), Duration.ofMinutes(10),
                        // after a restart, an attempt's call may still come back for this long past its ring time
                        Duration.ofMillis(s.integer("callback.answer-timeout-ms")))));
        if (sipAgentsForCallbacks != null) {
            // a due callback of higher priority, or the same priority asked earlier, is served first
            sipAgentsForCallbacks.callbacksAhead((q, priority, arrivedAt) -> policies.apply(q).isOpen(clock.instant())
                    && queue.head(q).map(r -> r.priority() > priority
                            || (r.priority() == priority && r.arrivedAt().isBefore(arrivedAt))).orElse(false));
        }
        CallbackScheduler scheduler = keep(new CallbackScheduler(database.dataSource(), dispatcher, "node1"));
        dispatcher.wakeups(scheduler);
        dispatcher.start();
        // the switch connection is started by start() once FastAGI and ESL listen: answered callbacks come back there
        String regions = s.text("callback.allowed-regions");
        CallbackService service = new CallbackService(store, queue, policies, presence, dispatcher,
                new CallbackNumberPolicy(s.text("phone.default-region"),
                        regions.isBlank() ? java.util.Set.of() : java.util.Set.of(regions.split("\\s*,\\s*"))),
                new CallbackTimeline(interactions),
                new CallbackService.Settings(s.integer("callback.rate-limit"),
                        Duration.ofMinutes(s.integer("callback.rate-window-minutes")),
                        Duration.ofSeconds(s.integer("callback.default-talk-seconds")),
                        CallbackService.UnknownNumbers.valueOf(
                                s.text("callback.unknown-numbers").toUpperCase(java.util.Locale.ROOT).replace('-', '_'))),
                clock);
        log.info("callbacks on: {}, queues {}", switchName, queues.queues().keySet());
        return new Callbacks(service, dispatcher, presence, policies, connectSwitch);
    }

    /** The SMS side: gateway, durable outbox, templates, inbound commands and callback notices. */
    private Sms startSms(Settings s, Clock clock, HibernateCustomerDirectory directory, PhoneNumbers phones) {
        SmsTemplates templates;
        try {
            templates = SmsTemplates.load(s.path("sms.templates-dir"), "en");
        } catch (SmsTemplates.InvalidTemplatesException e) {
            e.problems().forEach(p -> log.error("sms templates rejected: {}", p));
            throw new IllegalStateException("SMS templates in " + s.path("sms.templates-dir") + " have errors (above)");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read SMS templates in " + s.path("sms.templates-dir"), e);
        }
        SmsGateway gateway = keep("smpp".equals(s.text("sms.gateway"))
                ? new SmppGateway(SmppSettings.builder(s.text("sms.smpp.host"), s.integer("sms.smpp.port"),
                        s.text("sms.smpp.system-id"), s.text("sms.smpp.password"))
                        .window(s.integer("sms.smpp.window")).build())
                : new LogSmsGateway());
        SmsOutbox.Settings d = SmsOutbox.Settings.defaults();
        SmsOutbox outbox = keep(new SmsOutbox(new SmsStore(database.dataSource()), gateway, interactions,
                new SmsOutbox.Settings(s.text("sms.sender"), s.integer("sms.concurrency"), s.integer("sms.rate-per-second"),
                        d.burst(), d.batchSize(), d.firstRetry(), d.maxRetry(), d.maxAge()), clock));
        gateway.onReceipt(outbox::onReceipt);
        if (callbacks != null) {
            SmsCommands.Policy policy = SmsCommands.Policy.valueOf(
                    s.text("sms.commands.policy").toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            SmsCommands commands = new SmsCommands(outbox, templates, directory, callbacks.service(), phones,
                    new SmsCommands.Settings(s.text("sms.commands.queue"), policy, 10, 0, "en", 10), clock);
            gateway.onInbound(commands::handle);
            if (s.bool("sms.notices.enabled")) {
                CallbackSms notices = new CallbackSms(outbox, templates, callbacks.policies(), clock);
                callbacks.service().events(notices);
                callbacks.dispatcher().events(notices);
            }
        } else {
            gateway.onInbound(in -> log.warn("inbound SMS ignored: callbacks are off (callback.enabled)"));
        }
        if (gateway instanceof SmppGateway smpp) {
            smpp.start();
        }
        outbox.start();
        // messages queued by another process (frontdoor sms send) are picked up within a few seconds
        Thread ticker = Thread.ofVirtual().name("sms-outbox-tick").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                outbox.wake();
            }
        });
        open.push(ticker::interrupt);
        log.info("sms on: {} gateway", s.text("sms.gateway"));
        return new Sms(outbox, templates);
    }

    /** The running SMS side. */
    public record Sms(SmsOutbox outbox, SmsTemplates templates) {
        /** The dialplan {@code sms} step's sender: renders the template and queues it. */
        String sendTemplate(String phone, String customerId, String language, String template,
                java.util.Map<String, String> vars, String dedupeKey) {
            if (!templates.has(template)) {
                return "no template '" + template + "'";
            }
            String text = templates.render(template, language, vars);
            SmsOutbox.Enqueued e = outbox.enqueue(new SmsOutbox.Message(customerId, phone, text, template, language,
                    false, false, dedupeKey));
            return e.status() == SmsOutbox.Status.SUPPRESSED ? "the number opted out" : null;
        }
    }

    /** The SMS side, or null when {@code sms.enabled} is false. */
    public Sms sms() {
        return sms;
    }

    /** The running callback side. */
    public record Callbacks(CallbackService service, CallbackDispatcher dispatcher,
            io.frontdoor.callback.dispatch.AgentPresence presence,
            java.util.function.Function<String, io.frontdoor.callback.queue.QueuePolicy> policies, Runnable connectSwitch) {
    }

    /** Builds and starts everything the settings turn on. */
    public static FrontDoorServer start(Settings s) throws java.io.IOException {
        return start(s, Clock.systemDefaultZone());
    }

    /** Like {@link #start(Settings)} with the clock that rules and business hours read. */
    public static FrontDoorServer start(Settings s, Clock clock) throws java.io.IOException {
        if (s.bool("admin.enabled")) { // before anything listens: an exposed admin API without a token is refused
            io.frontdoor.ivr.admin.AdminServer.checkExposure(InetAddress.getByName(s.text("admin.bind")),
                    s.text("admin.token"));
        }
        // a part that fails to start (a port taken, a store that refuses) must not leave the parts
        // before it running: the database's file lock, listening sockets, threads
        Deque<AutoCloseable> started = new ArrayDeque<>();
        FrontDoorServer server;
        try {
            server = new FrontDoorServer(s, clock, started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
        try {
            if (s.bool("agi.enabled")) {
                AgiCallServer agi = new AgiCallServer(server.flows, InetAddress.getByName(s.text("agi.bind")),
                        s.integer("agi.port"), AgiCallServer.DEFAULT_READ_TIMEOUT);
                if (server.speech != null && SpeechSetup.recordsForAsterisk(s)) {
                    agi.captureSpeech(s.path("speech.record-dir"), s.text("speech.switch-record-dir"));
                }
                agi.start();
                server.agi = agi;
                server.open.push(agi::close);
            }
            if (s.bool("esl.enabled")) {
                io.frontdoor.ivr.freeswitch.EslRecording recording = null;
                if (!s.text("esl.record-dir").isEmpty()) {
                    java.nio.file.Files.createDirectories(s.path("esl.record-dir"));
                    recording = new io.frontdoor.ivr.freeswitch.EslRecording(s.path("esl.record-dir"),
                            s.text("esl.switch-record-dir"));
                }
                var esl = new io.frontdoor.ivr.freeswitch.EslCallServer(InetAddress.getByName(s.text("esl.bind")),
                        s.integer("esl.port"), server.flows, recording);
                server.esl = esl;
                server.open.push(esl::close);
                log.info("outbound ESL listening on {}:{}", s.text("esl.bind"), esl.port());
            }
            if (s.bool("admin.enabled")) {
                server.admin = server.keep(io.frontdoor.ivr.admin.AdminServer.start(
                        InetAddress.getByName(s.text("admin.bind")), s.integer("admin.port"), s.text("admin.token"),
                        server.agentsHere(s) == null ? server.sipAgents() : null, server.agentsHere(s)));
                if (server.sip != null) {
                    server.admin.media(server.sip::media);
                }
            }
            if (server.speech != null && SpeechSetup.capturesSpeech(s)) {
                server.dialplans.onReload(server::loadSpeechIfUsed);
                server.loadSpeechIfUsed();
            }
            if (server.callbacks != null) {
                server.callbacks.connectSwitch().run(); // agents free now are served at once: FastAGI/ESL are up
            }
            return server;
        } catch (java.io.IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts loading the speech recognizers in the background once a serving flow has a menu
     * callers may speak to (at start, or after the reload that brings the first one); a server
     * whose flows take keys only never loads them.
     */
    private void loadSpeechIfUsed() {
        if (speech.loaded() > 0 || speech.loading()) {
            return;
        }
        java.util.List<String> spoken = dialplans.flowsTakingSpeech();
        if (!spoken.isEmpty()) {
            log.info("flows {} have speech menus: loading {} speech recognizer(s) in the background", spoken, speech.size());
            speech.warmUp();
        }
    }

    /** The agents of the embedded SIP endpoint, or null when SIP is off or has no agent. */
    public io.frontdoor.ivr.sip.SipAgents sipAgents() {
        return sip == null ? null : sip.agents();
    }

    /**
     * Null when the SIP endpoint's agents are the ones callers and callbacks reach (the admin API
     * may set them ready or not ready); otherwise where agent state lives instead.
     */
    private String agentsHere(Settings s) {
        if (callbacks != null && !"sip".equals(s.text("callback.switch"))) {
            return "callbacks go through " + s.text("callback.switch") + " (callback.switch): agent state lives in the switch"
                    + ("freeswitch".equals(s.text("callback.switch")) ? " (mod_callcenter agents)" : " (Asterisk queue members)")
                    + ", set it there";
        }
        if (sipAgents() == null) {
            return "no SIP agents are configured (sip.agents): agent state lives in the switch"
                    + " (Asterisk queue members / FreeSWITCH mod_callcenter agents)";
        }
        return null;
    }

    /** The port the admin API listens on (useful when configured as 0), or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The SIP port (useful when configured as 0), or -1 when SIP is off. */
    public int sipPort() {
        return sip == null ? -1 : sip.port();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.push(resource);
        return resource;
    }

    /** The speech recognizers, or null when speech is off. */
    public io.frontdoor.ivr.speech.RecognizerPool speech() {
        return speech;
    }

    /** The port FastAGI listens on (useful when configured as 0), or -1 when it is off. */
    public int agiPort() {
        return agi == null ? -1 : agi.port();
    }

    /** The port the outbound ESL listener binds (useful when configured as 0), or -1 when it is off. */
    public int eslPort() {
        return esl == null ? -1 : esl.port();
    }

    /** The callback side, or null when {@code callback.enabled} is false. */
    public Callbacks callbacks() {
        return callbacks;
    }

    public Database database() {
        return database;
    }

    public SpoolingInteractionLog interactions() {
        return interactions;
    }

    public PromptCatalog prompts() {
        return prompts;
    }

    public DialplanRegistry dialplans() {
        return dialplans;
    }

    @Override
    public void close() {
        closeAll(open);
    }

    private static void closeAll(Deque<AutoCloseable> open) {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                log.warn("while stopping: {}", e.toString());
            }
        }
    }
}
