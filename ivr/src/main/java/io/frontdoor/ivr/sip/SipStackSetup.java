package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.internal.JainSipLog;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * The jain-sip stack of one {@link SipEndpoint}: how it is configured, and listening on UDP and TCP
 * at one port with the endpoint as its listener.
 */
record SipStackSetup(SipStack stack, SipProvider provider, MessageFactory messages, HeaderFactory headers,
        AddressFactory addresses, int port) {
    private static final AtomicInteger STACKS = new AtomicInteger();

    /**
     * Starts a stack on {@code settings}' address and port (0: one free for both UDP and TCP).
     *
     * @throws IOException naming the address and port when the stack cannot listen there
     */
    static SipStackSetup open(SipSettings settings, SipListener listener) throws IOException {
        int port = settings.port() == 0 ? freePort(settings.bind()) : settings.port();
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            SipStack stack = factory.createSipStack(properties());
            String ip = settings.bind().getHostAddress();
            ListeningPoint udp = stack.createListeningPoint(ip, port, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(ip, port, ListeningPoint.TCP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addSipListener(listener);
            stack.start();
            return new SipStackSetup(stack, provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), port);
        } catch (SipException | javax.sip.InvalidArgumentException | java.util.TooManyListenersException e) {
            throw new IOException("cannot start SIP on " + settings.bind().getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "frontdoor-" + STACKS.incrementAndGet());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        // jain-sip gives its message threads the highest Java priority by default: with the media
        // priority on (scripts/frontdoor) they would run at nice -20 beside the RTP clock and parse
        // SIP bursts ahead of the 20 ms ticks; the clock alone needs that level
        p.setProperty("gov.nist.javax.sip.THREAD_PRIORITY", Integer.toString(Thread.NORM_PRIORITY));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "50000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "50000");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        return p;
    }

    private static int freePort(InetAddress bind) throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, 0));
                    ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(bind, udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (IOException taken) {
                // that UDP port is taken on TCP: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + bind.getHostAddress());
    }
}
