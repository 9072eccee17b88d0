package io.frontdoor.ivr.asterisk.peer;

/** Writes the env block exactly as Asterisk 22's {@code setup_env} does: order, spacing, {@code unknown}. */
public final class AgiEnv {
    private AgiEnv() {
    }

    /** The whole block, blank line included, every line ending in a bare {@code \n}. */
    public static String block(PeerCall call, String dialledHostPort) {
        String host = call.requestHost != null ? call.requestHost : dialledHostPort;
        int slash = call.channel.indexOf('/');
        String type = slash > 0 ? call.channel.substring(0, slash) : "unknown";
        StringBuilder env = new StringBuilder(640);
        line(env, "network", "yes");
        line(env, "network_script", call.script);
        line(env, "request", "agi://" + host + "/" + call.script);
        line(env, "channel", call.channel);
        line(env, "language", call.language);
        line(env, "type", type);
        line(env, "uniqueid", call.uniqueId);
        line(env, "version", call.version);
        line(env, "callerid", orUnknown(call.callerId));
        line(env, "calleridname", orUnknown(call.callerName));
        line(env, "callingpres", "0");
        line(env, "callingani2", "0");
        line(env, "callington", "0");
        line(env, "callingtns", "0");
        line(env, "dnid", orUnknown(call.dnid));
        line(env, "rdnis", "unknown");
        line(env, "context", call.context);
        line(env, "extension", call.extension);
        line(env, "priority", call.priority);
        line(env, "enhanced", "0.0");
        line(env, "accountcode", "");
        line(env, "threadid", call.threadId);
        for (int i = 0; i < call.args.size(); i++) {
            line(env, "arg_" + (i + 1), call.args.get(i));
        }
        return env.append('\n').toString();
    }

    private static void line(StringBuilder env, String key, String value) {
        env.append("agi_").append(key).append(": ").append(value).append('\n');
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? "unknown" : value;
    }
}
