package io.frontdoor.ivr.e2e.parity;

import io.frontdoor.ivr.freeswitch.peer.FreeSwitchChannel;
import java.util.ArrayList;
import java.util.List;

/** FreeSWITCH 1.10 over outbound ESL ({@code socket ... async full}, the ESL channel peer). */
final class FreeSwitchSwitch implements SwitchPeer {
    private final int eslPort;

    FreeSwitchSwitch(int eslPort) {
        this.eslPort = eslPort;
    }

    @Override
    public String name() {
        return "freeswitch";
    }

    @Override
    public Result call(Caller c) throws InterruptedException {
        FreeSwitchChannel channel = new FreeSwitchChannel().callerNumber(c.number() == null ? "" : c.number())
                .destination(c.dialled()).context(c.entryPoint()).keys(c.keys().toArray(String[]::new))
                .hangupDuringMedia(c.hangupDuringMedia());
        if (c.flow() != null) {
            channel.variable("frontdoor_flow", c.flow());
        }
        c.variables().forEach(channel::variable);
        channel.start(eslPort);
        if (!channel.awaitEnd(CALL_LIMIT)) {
            throw new AssertionError("call did not end");
        }
        if (channel.failure() != null) {
            throw new AssertionError("FreeSWITCH peer failed", channel.failure());
        }
        List<String> media = new ArrayList<>();
        for (String m : channel.media()) {
            String[] w = m.split(" ");
            media.add((w[0].equals("playback") ? "play " : w[0].equals("record") ? "record " : "get ")
                    + (w[0].equals("play_and_get_digits") ? w[6] : w[1]));
        }
        boolean hungUp = channel.commands().stream().anyMatch(cmd -> cmd.contains("call-command: hangup"));
        return new Result(channel.uuid, media, channel.variables(), hungUp, channel.closedByServer());
    }
}
