package io.frontdoor.ivr.e2e.parity;

import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import io.frontdoor.ivr.asterisk.ami.peer.OriginateOutcome;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import io.frontdoor.ivr.server.FrontDoorServer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Asterisk 22: the AMI peer (queue vip, QueuePause, Originate) and the FastAGI peer. */
final class AsteriskCallbackSwitch implements CallbackSwitch {
    private static final String AGENT = "PJSIP/2001";
    private final AsteriskAmiPeer ami;
    private final Deque<Result> results = new ArrayDeque<>();
    private final Deque<String[]> keys = new ArrayDeque<>();
    private AsteriskSwitch callers;
    private AsteriskAgiPeer agi;

    AsteriskCallbackSwitch() throws Exception {
        ami = new AsteriskAmiPeer();
        ami.queue("vip", "ringall").averages(30, 300).addMember(AGENT, "Agent 2001");
        ami.memberInCall("vip", AGENT, true);
        ami.start();
    }

    @Override
    public String name() {
        return "asterisk";
    }

    @Override
    public Map<String, String> env() {
        return Map.of("FRONTDOOR_AMI_PORT", Integer.toString(ami.port()), "FRONTDOOR_AMI_USER", "javatest",
                "FRONTDOOR_AMI_SECRET", "javatest-secret");
    }

    @Override
    public void started(FrontDoorServer server) {
        callers = new AsteriskSwitch(server.agiPort());
        agi = new AsteriskAgiPeer(server.agiPort());
    }

    @Override
    public SwitchPeer callers() {
        return callers;
    }

    @Override
    public String agentId() {
        return AGENT;
    }

    @Override
    public void agentBusy(boolean busy) {
        ami.memberInCall("vip", AGENT, busy);
    }

    @Override
    public void script(Result... next) {
        for (Result r : next) {
            results.add(r);
            if (r != Result.ANSWER) {
                ami.scriptOriginate("Local/+8613800138000@frontdoor-outbound",
                        r == Result.BUSY ? OriginateOutcome.busy() : OriginateOutcome.noAnswer());
            }
        }
    }

    @Override
    public void answerKeys(String... presses) {
        keys.add(presses);
    }

    @Override
    public Dial awaitDial(int n) throws InterruptedException {
        AmiMessage originate = ami.awaitAction("Originate", n, WAIT);
        return new Dial(originate.get("Channel"), originate.variables());
    }

    @Override
    public int dials() {
        return ami.actions("Originate").size();
    }

    @Override
    public SwitchPeer.Result answered(int n) throws InterruptedException {
        Dial dial = awaitDial(n);
        // what Asterisk does when the customer answers: the frontdoor-callback context runs FastAGI
        PeerCall call = new PeerCall().callerId("+861095588").context("frontdoor-callback").extension("s")
                .script("frontdoor/callback").keys(keys.isEmpty() ? new String[] {"1"} : keys.poll());
        dial.variables().forEach(call::variable);
        PeerChannel channel = agi.dial(call);
        if (!channel.awaitEnd(SwitchPeer.CALL_LIMIT)) {
            throw new AssertionError("callback call did not end");
        }
        return new SwitchPeer.Result(call.uniqueId(), List.of(), channel.variables(),
                channel.commands().contains("HANGUP"), channel.closedByServer());
    }

    @Override
    public List<Boolean> reservations() {
        return ami.actions("QueuePause").stream().map(p -> "true".equals(p.get("Paused"))).toList();
    }

    @Override
    public boolean reservedBeforeDialling() {
        List<AmiMessage> all = ami.actions();
        return all.indexOf(ami.actions("QueuePause").get(0)) < all.indexOf(ami.actions("Originate").get(0));
    }

    @Override
    public void close() throws Exception {
        ami.close();
    }
}
