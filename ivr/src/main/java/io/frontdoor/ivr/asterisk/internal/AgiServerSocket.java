package io.frontdoor.ivr.asterisk.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * The listening socket handed to asterisk-java's accept loop: our backlog, our timeouts, and a
 * registry of open connections so the script can find the {@link AgiSocket} behind a request.
 */
public final class AgiServerSocket implements ServerSocketFacade {
    /** Asterisk sends the env block at once; a peer silent this long is not Asterisk. */
    private static final int MAX_ENV_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket serverSocket;
    private final int envTimeoutMillis;
    private int readTimeoutMillis;
    private final Map<InetSocketAddress, AgiSocket> open = new ConcurrentHashMap<>();

    public AgiServerSocket(InetAddress bindAddress, int port, int backlog, int readTimeoutMillis)
            throws IOException {
        this.serverSocket = new ServerSocket(port, backlog, bindAddress);
        this.readTimeoutMillis = readTimeoutMillis;
        this.envTimeoutMillis = Math.min(readTimeoutMillis, MAX_ENV_TIMEOUT_MILLIS);
    }

    /** The port actually bound (useful when 0 asked for an ephemeral one). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Socket socket = serverSocket.accept();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        try {
            // Asterisk's next connection may come from the same port before this one is closed
            // here (the port is free on its side at once): closing removes only this socket's entry
            AgiSocket[] self = new AgiSocket[1];
            AgiSocket agiSocket = new AgiSocket(socket, envTimeoutMillis, readTimeoutMillis,
                    () -> open.remove(remote, self[0]));
            self[0] = agiSocket;
            open.put(remote, agiSocket);
            return agiSocket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The open connection from this remote address and port, or {@code null}. */
    public AgiSocket connectionFrom(InetAddress address, int port) {
        return open.get(new InetSocketAddress(address, port));
    }

    /** How many connections are open right now. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    @Override
    public void setSocketReadTimeout(int socketReadTimeout) {
        this.readTimeoutMillis = socketReadTimeout;
    }
}
