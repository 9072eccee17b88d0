package io.frontdoor.ivr.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * FrontDoor's configuration, read once at start: defaults, then the YAML file (optional), then
 * {@code FRONTDOOR_*} environment variables. Every key is listed in {@link #KEYS} with its default
 * and description; an unknown key or a bad value stops start-up with a message naming it.
 */
public final class Settings {
    static final List<Setting> KEYS = List.of(
            Setting.text("home", ".", "FrontDoor's installation directory (dialplans/ and prompts/ are found under it)"),
            Setting.text("data-dir", "${home}/data", "where the embedded database, spool and TTS cache live"),
            Setting.text("db.url", "", "JDBC URL; empty = embedded H2 in data-dir (jdbc:postgresql://host/db for PostgreSQL)"),
            Setting.text("db.user", "sa", "database user"),
            Setting.text("db.password", "", "database password"),
            Setting.integer("db.pool-size", 16, 1, 500, "database connections kept open"),
            Setting.integer("db.connect-timeout-ms", 2000, 250, 60000, "wait for a database connection before the store counts as down"),
            Setting.bool("agi.enabled", true, "run the Asterisk FastAGI server"),
            Setting.text("agi.bind", "127.0.0.1", "address the FastAGI server listens on"),
            Setting.integer("agi.port", 4573, 0, 65535, "FastAGI port (0 = any free port)"),
            Setting.bool("sip.enabled", true, "run the embedded SIP endpoint (calls from a SIP trunk or phone, with its own RTP media; no PBX needed)"),
            Setting.text("sip.bind", "127.0.0.1", "address the SIP endpoint (UDP and TCP) and its RTP media listen on"),
            Setting.integer("sip.port", 5060, 0, 65535, "SIP port, UDP and TCP (0 = any free port)"),
            Setting.text("sip.media-address", "", "address written into SDP for RTP (empty = sip.bind)"),
            Setting.integer("sip.media-threads", 0, 0, 8, "threads that send RTP on the 20 ms beat, sharing the streams (0 = one per core)"),
            Setting.integer("sip.media-realtime-priority", 10, 0, 99, "SCHED_FIFO priority of those threads, so a busy core cannot delay a tick (needs root or CAP_SYS_NICE; 0 = normal scheduling)"),
            Setting.text("sip.trunks", "local=127.0.0.1", "where INVITEs are accepted from: name=address, comma-separated (the name is the call's entry point)"),
            Setting.integer("sip.invite-rate", 300, 1, 100000, "new calls accepted per second from one source address (more get 503 Retry-After)"),
            Setting.text("sip.trunk.host", "", "SIP trunk calls are dialled out through (callbacks): host or host:port; empty = none"),
            Setting.text("sip.trunk.proxy", "", "outbound proxy for trunk calls, host:port (empty = straight to sip.trunk.host)"),
            Setting.text("sip.trunk.user", "", "digest user name the trunk asks for (empty = none)"),
            Setting.text("sip.trunk.password", "", "digest password for the trunk"),
            Setting.text("sip.trunk.caller-id", "", "number presented on calls dialled out (the hotline number)"),
            Setting.text("sip.agents", "", "agents of the SIP endpoint: queue/id=sip:uri (fixed) or queue/id (registers), comma-separated"),
            Setting.text("sip.agent-password", "", "digest password of agents that register (empty = registration refused)"),
            Setting.integer("sip.queue.max-wait-s", 600, 1, 86400, "longest a caller waits on the line for a free SIP agent; then the queue.wait_over apology and the hand-off fails"),
            Setting.integer("sip.queue.ring-s", 30, 1, 600, "how long a SIP agent's phone rings before FrontDoor gives up: the agent is set not ready and the caller waits on for the next agent"),
            Setting.integer("sip.queue.position-every-s", 30, 0, 3600, "callers waiting for a SIP agent hear their place in line when they start waiting and when it changes, at most this often (0 = never)"),
            Setting.bool("esl.enabled", true, "run the FreeSWITCH outbound ESL listener (the dialplan's socket application)"),
            Setting.text("esl.bind", "127.0.0.1", "address the outbound ESL listener binds"),
            Setting.integer("esl.port", 8084, 0, 65535, "outbound ESL port (0 = any free port)"),
            Setting.text("esl.record-dir", "", "directory FreeSWITCH's record app writes caller audio to for speech input (empty = keys only)"),
            Setting.text("esl.switch-record-dir", "${esl.record-dir}", "the record directory as FreeSWITCH sees it (shared mount)"),
            Setting.bool("admin.enabled", true, "run the admin HTTP API (health, SIP agents ready/not-ready)"),
            Setting.text("admin.bind", "127.0.0.1", "address the admin API listens on (other than loopback only with admin.token set)"),
            Setting.integer("admin.port", 8089, 0, 65535, "admin API port (0 = any free port)"),
            Setting.text("admin.token", "", "bearer token every admin API request must carry (Authorization: Bearer ...); empty = none"),
            Setting.text("dialplans.dir", "${home}/dialplans", "directory of the flow files (*.yaml)"),
            Setting.integer("dialplans.reload-ms", 2000, 0, 3600000, "how often to look for changed flow files (0 = never)"),
            Setting.integer("flow.step-budget", 200, 10, 100000, "most steps one call may take (stops runaway loops)"),
            Setting.text("prompts.dir", "${home}/prompts", "directory of catalog.yaml and the recorded prompts"),
            Setting.text("prompts.switch-dir", "${prompts.dir}", "the prompts directory as the switch sees it (shared mount)"),
            Setting.text("tts.cache-dir", "${data-dir}/tts", "where spoken names and dynamic prompts are cached"),
            Setting.text("tts.switch-cache-dir", "${tts.cache-dir}", "the TTS cache as the switch sees it (shared mount)"),
            Setting.text("tts.voice.en", "en-us", "espeak-ng voice for English"),
            Setting.text("tts.voice.zh", "cmn-latn-pinyin", "espeak-ng voice for Mandarin (reads Chinese characters as Mandarin)"),
            Setting.bool("speech.enabled", true, "let callers speak menu choices (English; Sphinx4, offline)"),
            Setting.integer("speech.pool-size", 2, 1, 64, "speech recognizers kept loaded (each holds ~90 MB of heap): recognitions at once"),
            Setting.integer("speech.acquire-timeout-ms", 200, 0, 10000, "longest a call waits for a free recognizer before its menu takes keys only"),
            Setting.text("speech.record-dir", "", "where FrontDoor reads Asterisk's RECORD FILE recordings (empty = Asterisk menus take keys only)"),
            Setting.text("speech.switch-record-dir", "${speech.record-dir}", "the same directory as Asterisk sees it (shared mount)"),
            Setting.text("phone.default-region", "CN", "region for numbers without a country code (ISO 3166, e.g. CN, GB)"),
            Setting.text("languages", "en,zh", "languages served"),
            Setting.oneOf("callerid.trust", "entry-points", "when a caller ID is trusted enough to say a name",
                    "entry-points", "attestation", "never"),
            Setting.text("callerid.trusted-entry-points", "*", "comma-separated contexts/trunks whose caller IDs are trusted (* = all)"),
            Setting.text("callerid.attestation-variable", "FRONTDOOR_ATTESTATION", "channel variable carrying the STIR/SHAKEN attestation"),
            Setting.text("callerid.attestation-levels", "A", "attestation levels accepted in attestation mode"),
            Setting.integer("lookup.timeout-ms", 150, 10, 5000, "hard limit on the customer lookup per call"),
            Setting.integer("lookup.cache-size", 200000, 1, 10000000, "caller numbers whose lookup is kept in memory"),
            Setting.integer("lookup.cache-ttl-s", 60, 1, 86400, "longest a cached lookup is trusted: changes made elsewhere (an import) show within it"),
            Setting.integer("spool.retry-ms", 5000, 100, 600000, "how often interactions spooled while the database was down are retried"),
            Setting.bool("callback.enabled", false, "offer and run virtual-hold callbacks (needs a switch connection: ami.* or freeswitch.*)"),
            Setting.text("callback.queues-file", "${dialplans.dir}/callbacks/queues.yaml", "per-queue callback settings: mode, hours, retries"),
            Setting.text("callback.allowed-regions", "", "countries callbacks may dial (ISO 3166, comma-separated; empty = phone.default-region)"),
            Setting.oneOf("callback.unknown-numbers", "allow", "may a callback go to a number not on file for the customer",
                    "allow", "on-file-only", "verify-sms"),
            Setting.integer("callback.rate-limit", 3, 1, 1000, "callback requests allowed per calling number and per callback number in the window"),
            Setting.integer("callback.rate-window-minutes", 60, 1, 10080, "the rate-limit window"),
            Setting.integer("callback.default-talk-seconds", 180, 10, 3600, "talk time assumed for the expected wait while the switch has no average"),
            Setting.integer("callback.answer-timeout-ms", 30000, 1000, 600000, "after an answer, how long the callback flow has to start"),
            Setting.oneOf("callback.switch", "asterisk", "the switch callbacks are placed through: asterisk (AMI), freeswitch (inbound ESL) or sip (the embedded endpoint: sip.trunk.*, sip.agents)",
                    "asterisk", "freeswitch", "sip"),
            Setting.text("ami.host", "127.0.0.1", "Asterisk Manager Interface host"),
            Setting.integer("ami.port", 5038, 1, 65535, "AMI port"),
            Setting.text("ami.user", "frontdoor", "AMI user (manager.conf)"),
            Setting.text("ami.secret", "", "AMI secret"),
            Setting.text("ami.dial-channel", "Local/{number}@frontdoor-outbound", "channel a customer callback is originated on; {number} = E.164, {digits} = without +"),
            Setting.text("ami.callback-context", "frontdoor-callback", "dialplan context an answered callback enters (runs the callback flow over FastAGI)"),
            Setting.text("freeswitch.host", "127.0.0.1", "FreeSWITCH event socket host (inbound ESL, callbacks with callback.switch: freeswitch)"),
            Setting.integer("freeswitch.esl-port", 8021, 1, 65535, "FreeSWITCH event socket port (event_socket.conf.xml)"),
            Setting.text("freeswitch.esl-password", "ClueCon", "FreeSWITCH event socket password (its stock one: change it on both sides)"),
            Setting.text("freeswitch.dial-string", "loopback/{digits}/frontdoor-outbound", "dial string a customer callback is originated on; {number} = E.164, {digits} = without +"),
            Setting.text("freeswitch.socket", "127.0.0.1:${esl.port}", "FrontDoor's outbound ESL listener as FreeSWITCH reaches it (an answered callback's socket)"),
            Setting.text("freeswitch.handback-context", "frontdoor-handback", "dialplan context an answered callback is transferred to for the bridge to the agent"),
            Setting.text("screenpop.url", "", "agent desktop webhook for screen pops (empty = none)"),
            Setting.text("screenpop.secret", "", "HMAC-SHA256 key signing screen pops"),
            Setting.integer("screenpop.timeout-ms", 2000, 100, 60000, "screen pop request timeout"),
            Setting.integer("screenpop.attempts", 3, 1, 10, "screen pop delivery attempts"),
            Setting.bool("sms.enabled", true, "send and receive SMS (callback confirmations, sms steps, inbound commands)"),
            Setting.oneOf("sms.gateway", "log", "where SMS go: the log (embedded default) or an SMSC over SMPP", "log", "smpp"),
            Setting.text("sms.sender", "", "sender address (service number or alphanumeric id)"),
            Setting.text("sms.templates-dir", "${prompts.dir}/sms", "SMS templates, one <lang>.yaml per language"),
            Setting.integer("sms.rate-per-second", 50, 1, 10000, "most messages submitted per second (the SMSC's allowed rate)"),
            Setting.integer("sms.concurrency", 10, 1, 100, "submits in flight at once (match sms.smpp.window)"),
            Setting.oneOf("sms.commands.policy", "known-customers", "who may ask for a callback by SMS",
                    "vip-only", "known-customers", "everyone"),
            Setting.text("sms.commands.queue", "vip", "agent queue of callbacks requested by SMS"),
            Setting.bool("sms.notices.enabled", true, "text customers about their callbacks (confirmed, calling soon, missed)"),
            Setting.text("sms.smpp.host", "127.0.0.1", "SMSC host"),
            Setting.integer("sms.smpp.port", 2775, 1, 65535, "SMSC port"),
            Setting.text("sms.smpp.system-id", "frontdoor", "SMPP system_id (at most 15 characters)"),
            Setting.text("sms.smpp.password", "", "SMPP password (at most 8 characters)"),
            Setting.integer("sms.smpp.window", 10, 1, 100, "submit_sm outstanding at once"));

    private static final Pattern REF = Pattern.compile("\\$\\{([a-z0-9.-]+)}");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults only (plus environment). */
    public static Settings load(Path file, Map<String, String> environment) {
        Map<String, String> raw = new LinkedHashMap<>();
        KEYS.forEach(k -> raw.put(k.name(), k.defaultText()));
        List<String> errors = new ArrayList<>();
        if (file != null) {
            readFile(file, raw, errors);
        }
        for (Setting k : KEYS) {
            String env = environment.get(k.environmentVariable());
            if (env != null) {
                raw.put(k.name(), env);
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Setting k : KEYS) {
            String value = resolve(raw.get(k.name()), raw, 0);
            String problem = k.check().apply(value);
            if (problem != null) {
                errors.add(k.name() + " (" + k.environmentVariable() + ") = '" + value + "': " + problem);
            }
            resolved.put(k.name(), value);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("bad configuration:\n  " + String.join("\n  ", errors));
        }
        return new Settings(resolved);
    }

    private static void readFile(Path file, Map<String, String> raw, List<String> errors) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (doc == null) {
            return;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("configuration " + file + " must be a mapping of keys to values");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", map, flat);
        Set<String> known = new LinkedHashSet<>();
        KEYS.forEach(k -> known.add(k.name()));
        flat.forEach((k, v) -> {
            if (!known.contains(k)) {
                errors.add(file + ": unknown key '" + k + "'");
            } else {
                raw.put(k, v);
            }
        });
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> inner) {
                flatten(key, inner, out);
            } else if (v instanceof List<?> list) {
                out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }

    private static String resolve(String value, Map<String, String> raw, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("configuration references loop around '" + value + "'");
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = raw.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(ref, raw, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no configuration key '" + key + "'");
        }
        return v.trim();
    }

    public int integer(String key) {
        return Integer.parseInt(text(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public Path path(String key) {
        return Path.of(text(key)).toAbsolutePath().normalize();
    }

    /** A comma-separated list, trimmed, empties dropped. */
    public Set<String> list(String key) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(text(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** Every key with its effective value, for {@code frontdoor config}. */
    public Map<String, String> effective() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
