package io.frontdoor.ivr.e2e.parity;

import io.frontdoor.ivr.freeswitch.peer.FreeSwitchChannel;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchEslPeer;
import io.frontdoor.ivr.server.FrontDoorServer;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FreeSWITCH 1.10: the inbound ESL peer (mod_callcenter agent 1001@default in vip@default,
 * {@code bgapi originate}) whose answered calls come back over outbound ESL.
 */
final class FreeSwitchCallbackSwitch implements CallbackSwitch {
    private static final String AGENT = "1001@default";
    private static final String CONTACT = "[leg_timeout=10]loopback/2001/default";
    private final FreeSwitchEslPeer fs;
    private final Deque<String[]> keys = new ArrayDeque<>();
    private final int eslPort;
    private FreeSwitchSwitch callers;

    FreeSwitchCallbackSwitch() throws Exception {
        fs = new FreeSwitchEslPeer("frontdoor-secret");
        fs.agent(AGENT, CONTACT, "Available", "In a queue call", "vip@default");
        try (ServerSocket free = new ServerSocket(0)) {
            eslPort = free.getLocalPort(); // FreeSWITCH must know where answered calls go before FrontDoor starts
        }
    }

    @Override
    public String name() {
        return "freeswitch";
    }

    @Override
    public Map<String, String> env() {
        return Map.of("FRONTDOOR_CALLBACK_SWITCH", "freeswitch",
                "FRONTDOOR_FREESWITCH_ESL_PORT", Integer.toString(fs.port()),
                "FRONTDOOR_FREESWITCH_ESL_PASSWORD", "frontdoor-secret",
                "FRONTDOOR_ESL_PORT", Integer.toString(eslPort));
    }

    @Override
    public void started(FrontDoorServer server) {
        callers = new FreeSwitchSwitch(server.eslPort());
    }

    @Override
    public SwitchPeer callers() {
        return callers;
    }

    @Override
    public String agentId() {
        return CONTACT;
    }

    @Override
    public void agentBusy(boolean busy) {
        fs.agentState(AGENT, busy ? "In a queue call" : "Waiting");
    }

    @Override
    public void script(Result... next) {
        for (Result r : next) {
            fs.outcomes(switch (r) {
                case ANSWER -> FreeSwitchEslPeer.Outcome.answered(keys.isEmpty() ? new String[] {"1"} : keys.poll());
                case NO_ANSWER -> FreeSwitchEslPeer.Outcome.failed("NO_ANSWER");
                case BUSY -> FreeSwitchEslPeer.Outcome.failed("USER_BUSY");
            });
        }
    }

    @Override
    public void answerKeys(String... presses) {
        keys.add(presses);
        script(Result.ANSWER);
    }

    @Override
    public Dial awaitDial(int n) throws InterruptedException {
        String command = fs.awaitCommand("bgapi originate", n, WAIT);
        String arg = command.substring("bgapi originate ".length());
        Map<String, String> vars = new LinkedHashMap<>();
        for (String pair : arg.substring(1, arg.indexOf('}')).split(",")) {
            int eq = pair.indexOf('=');
            vars.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Dial(arg.substring(arg.indexOf('}') + 1, arg.indexOf(" &socket(")), vars);
    }

    @Override
    public int dials() {
        return fs.commands("bgapi originate").size();
    }

    @Override
    public SwitchPeer.Result answered(int n) throws InterruptedException {
        awaitDial(n);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fs.answered.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answered call's socket leg");
            }
            Thread.sleep(10);
        }
        FreeSwitchChannel channel = fs.answered.get(fs.answered.size() - 1);
        if (!channel.awaitEnd(SwitchPeer.CALL_LIMIT)) {
            throw new AssertionError("callback call did not end");
        }
        if (channel.failure() != null) {
            throw new AssertionError("FreeSWITCH peer failed", channel.failure());
        }
        boolean hungUp = channel.commands().stream().anyMatch(c -> c.contains("call-command: hangup"));
        return new SwitchPeer.Result(channel.uuid, channel.media(), channel.variables(), hungUp, channel.closedByServer());
    }

    @Override
    public List<Boolean> reservations() {
        return fs.commands("api callcenter_config agent set status").stream().map(c -> c.endsWith("'On Break'")).toList();
    }

    @Override
    public boolean reservedBeforeDialling() {
        List<String> all = fs.commands;
        int reserve = all.indexOf(fs.commands("api callcenter_config agent set status").get(0));
        int dial = all.indexOf(fs.commands("bgapi originate").get(0));
        return reserve >= 0 && reserve < dial;
    }

    @Override
    public void close() throws Exception {
        fs.close();
    }
}
