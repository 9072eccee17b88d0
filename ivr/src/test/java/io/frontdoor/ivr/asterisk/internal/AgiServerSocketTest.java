package io.frontdoor.ivr.asterisk.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class AgiServerSocketTest {

    @Test
    void aNewConnectionFromAPortJustReusedStaysFoundWhenTheOldOneClosesAfterIt() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        AgiServerSocket server = new AgiServerSocket(loopback, 0, 16, 5000);
        try {
            Socket first = new Socket();
            first.setReuseAddress(true);
            first.bind(new InetSocketAddress(loopback, 0));
            int port = first.getLocalPort();
            first.connect(new InetSocketAddress(loopback, server.port()));
            AgiSocket old = (AgiSocket) server.accept();
            first.setSoLinger(true, 0); // reset: the client's port is free again at once
            first.close();

            try (Socket second = new Socket()) {
                second.setReuseAddress(true);
                second.bind(new InetSocketAddress(loopback, port));
                second.connect(new InetSocketAddress(loopback, server.port()));
                AgiSocket fresh = (AgiSocket) server.accept();
                assertSame(fresh, server.connectionFrom(loopback, port));
                old.close(); // the earlier call ends only now
                assertNotNull(server.connectionFrom(loopback, port), "the new call's connection is still found");
                assertSame(fresh, server.connectionFrom(loopback, port));
                fresh.close();
                assertNull(server.connectionFrom(loopback, port));
            }
        } finally {
            server.close();
        }
    }
}
