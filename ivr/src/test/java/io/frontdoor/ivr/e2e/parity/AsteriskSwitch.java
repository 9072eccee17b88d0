package io.frontdoor.ivr.e2e.parity;

import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import java.util.ArrayList;
import java.util.List;

/** Asterisk 22 over FastAGI (the AGI peer). */
final class AsteriskSwitch implements SwitchPeer {
    private final AsteriskAgiPeer agi;

    AsteriskSwitch(int agiPort) {
        agi = new AsteriskAgiPeer(agiPort);
    }

    @Override
    public String name() {
        return "asterisk";
    }

    @Override
    public Result call(Caller c) throws InterruptedException {
        PeerCall call = new PeerCall().callerId(c.number()).extension(c.dialled()).context(c.entryPoint())
                .keys(c.keys().toArray(String[]::new));
        if (c.flow() != null) {
            call.script("frontdoor/" + c.flow());
        }
        c.variables().forEach(call::variable);
        if (c.hangupDuringMedia() > 0) {
            call.hangupDuringCommand(c.hangupDuringMedia() + 1); // ANSWER comes first, then media
        }
        PeerChannel channel = agi.dial(call);
        if (!channel.awaitEnd(CALL_LIMIT)) {
            throw new AssertionError("call did not end");
        }
        List<String> media = new ArrayList<>();
        for (String command : channel.commands()) {
            if (command.startsWith("STREAM FILE ")) {
                media.add("play " + command.split(" ")[2]);
            } else if (command.startsWith("GET DATA ")) {
                media.add("get " + command.split(" ")[2]);
            }
        }
        boolean hungUp = channel.commands().contains("HANGUP");
        return new Result(call.uniqueId(), media, channel.variables(), hungUp, channel.closedByServer());
    }
}
