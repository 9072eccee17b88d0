package io.frontdoor.ivr.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code frontdoor serve}: runs the server until it is stopped (SIGINT/SIGTERM). */
@Command(name = "serve", description = "Run the server (embedded H2, SIP on 127.0.0.1:5060 and FastAGI on 127.0.0.1:4573 by default).")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    FrontDoorCommand root;

    @Override
    public Integer call() throws Exception {
        FrontDoorServer server = FrontDoorServer.start(root.settings());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "frontdoor-shutdown"));
        stopped.await();
        return 0;
    }
}
