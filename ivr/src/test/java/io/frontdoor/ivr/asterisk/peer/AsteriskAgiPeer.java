package io.frontdoor.ivr.asterisk.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A stand-in for Asterisk 22 dialling a FastAGI server: each {@link #dial} opens one TCP
 * connection to 127.0.0.1:port, sends the env block byte for byte as Asterisk does and answers
 * commands as Asterisk does (see {@link PeerCall} for the caller's script). One virtual thread
 * per channel, plain blocking sockets: cheap enough for thousands of concurrent channels.
 */
public final class AsteriskAgiPeer {
    private final InetSocketAddress server;

    /** A peer dialling the FastAGI server on 127.0.0.1 at {@code port}. */
    public AsteriskAgiPeer(int port) {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts one call; returns at once with the handle to watch it. */
    public PeerChannel dial(PeerCall call) {
        String env = AgiEnv.block(call, "127.0.0.1:" + server.getPort());
        PeerChannel channel = new PeerChannel(server, env, new AgiResponder(call), false, call.idleTimeout);
        channel.start();
        return channel;
    }

    /**
     * Sends raw bytes instead of a proper env block and answers nothing (malformed-peer tests).
     *
     * @param halfClose whether to shut our side down after the bytes (EOF in the middle of the block)
     */
    public PeerChannel dialRaw(String bytes, boolean halfClose, Duration idleTimeout) {
        PeerChannel channel = new PeerChannel(server, bytes, null, halfClose, idleTimeout);
        channel.start();
        return channel;
    }
}
