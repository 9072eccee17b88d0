package io.frontdoor.ivr.sip;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

/** UDP ports for the agents' phones of a whole test class. */
final class TestPorts {
    private TestPorts() {
    }

    /** A free UDP port in 20000-29999, out of the ephemeral range the other phones' ports come from. */
    static int outsideEphemeralRange(int not) {
        for (int i = 0; i < 100; i++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(10000);
            if (port == not) {
                continue;
            }
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (SocketException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free UDP port in 20000-29999");
    }
}
