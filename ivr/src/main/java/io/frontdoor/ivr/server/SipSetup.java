package io.frontdoor.ivr.server;

import io.frontdoor.callback.store.AgentStateStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.sip.AgentReadyStore;
import io.frontdoor.ivr.sip.SipAgents;
import io.frontdoor.ivr.sip.SipEndpoint;
import io.frontdoor.ivr.sip.SipQueueing;
import io.frontdoor.ivr.sip.SipSettings;
import io.frontdoor.ivr.sip.SipTrunk;
import io.frontdoor.ivr.speech.AudioCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code sip.*} settings turned into a listening embedded SIP endpoint (SIP trunk or phones,
 * RTP media of its own), with its agents (their ready / not-ready state kept in the database) and
 * how callers wait for them.
 */
final class SipSetup {
    private SipSetup() {
    }

    static SipEndpoint start(Settings s, CallHandler handler, AudioCatalog prompts, Database database, Clock clock) {
        SipEndpoint endpoint;
        try {
            InetAddress bind = InetAddress.getByName(s.text("sip.bind"));
            String media = s.text("sip.media-address");
            SipSettings sip = new SipSettings(bind, s.integer("sip.port"),
                    media.isEmpty() ? bind : InetAddress.getByName(media),
                    SipSettings.trunks(s.list("sip.trunks")), s.integer("sip.invite-rate"),
                    new SipTrunk(s.text("sip.trunk.host"), s.text("sip.trunk.proxy"),
                            s.text("sip.trunk.user"), s.text("sip.trunk.password"), s.text("sip.trunk.caller-id")),
                    s.text("sip.agent-password"), s.integer("sip.media-threads"),
                    s.integer("sip.media-realtime-priority"));
            endpoint = new SipEndpoint(sip, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            wire(s, endpoint, prompts, database, clock);
        } catch (RuntimeException e) { // the store unreadable, a bad agent entry: nothing left listening
            endpoint.close();
            throw e;
        }
        return endpoint;
    }

    private static void wire(Settings s, SipEndpoint endpoint, AudioCatalog prompts, Database database, Clock clock) {
        if (!s.list("sip.agents").isEmpty()) {
            SipAgents agents = new SipAgents(s.list("sip.agents"));
            endpoint.agents(agents); // closed with the endpoint
            AgentStateStore states = new AgentStateStore(database.dataSource(), clock);
            agents.keepStateIn(new AgentReadyStore() { // ready / not ready survives a restart
                @Override
                public Map<String, Boolean> load() {
                    return states.load();
                }

                @Override
                public void save(String id, boolean ready, String reason) {
                    states.save(id, ready, reason);
                }
            });
        }
        endpoint.queueing(new SipQueueing(Duration.ofSeconds(s.integer("sip.queue.max-wait-s")), s.path("prompts.dir"),
                Duration.ofSeconds(8), Duration.ofSeconds(s.integer("sip.queue.ring-s")),
                Duration.ofSeconds(s.integer("sip.queue.position-every-s")), prompts));
    }
}
