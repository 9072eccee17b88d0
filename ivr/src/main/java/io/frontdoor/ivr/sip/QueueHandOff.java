package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.call.CallerLeftQueueException;
import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.sip.media.RtpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller handed to a queue of the embedded SIP endpoint, on the call's own thread: in line
 * ({@link SipAgents#await}) until an agent is claimed for them, then bridged to that agent. While
 * waiting they hear the hold prompt, then a pause, again and again; their place in line ("You are
 * number 3 in line") is told when they start waiting and, when it has changed, in a pause or after
 * the hold prompt, at most every {@link SipQueueing#positionEvery}. An agent who does not answer
 * is set not ready ({@link SipAgents#notAnswered}) and the caller waits on, in the same place (their
 * arrival time is kept), for the next agent.
 */
final class QueueHandOff {
    private static final Logger log = LoggerFactory.getLogger(QueueHandOff.class);
    /** How often a waiting caller re-checks the line (a callback ahead cancelled) and their place. */
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private enum Playing { HOLD, PAUSE, POSITION }

    private final SipCall call;
    private final SipAgents agents;
    private final SipQueueing q;
    private final PromptAudio prompts;
    private final String language;
    private byte[] hold;
    private byte[] pause;
    private int announced;
    private long announcedAt;
    private boolean positionBroken;

    QueueHandOff(SipCall call, SipAgents agents, SipQueueing queueing, PromptAudio prompts) {
        this.call = call;
        this.agents = agents;
        this.q = queueing;
        this.prompts = prompts;
        this.language = call.variable("FRONTDOOR_LANGUAGE");
    }

    /** Waits for an agent of {@code queue} and bridges the caller to them (see the class). */
    void run(String queue, int priority) {
        long start = System.nanoTime();
        Instant arrived = Instant.now();
        while (true) {
            Waiter w = agents.await(call.id(), queue, priority, arrived);
            String agent = w.agent().getNow(null);
            if (agent == null) {
                agent = waitForAgent(w, start);
            }
            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            call.setVariable("FRONTDOOR_QUEUE_WAIT_S", Long.toString(waited));
            log.info("SIP call {}: agent {} of queue '{}' after {} s waiting", call.id(), agent, queue, waited);
            try {
                call.bridgeTo(agent, true, q.ring());
                return;
            } catch (SipBridge.NotAnsweredException e) {
                call.checkUp(); // the caller hung up meanwhile: the flow sees the hang-up
                log.info("SIP call {}: agent {} did not answer ({}); back in line for queue '{}'", call.id(), agent,
                        e.getMessage(), queue);
            }
        }
    }

    /** Waits on the line for {@code w}'s agent: hold prompt and place in line, bounded by the wait limit. */
    private String waitForAgent(Waiter w, long start) {
        RtpSession rtp = call.rtp();
        w.agent().thenRun(() -> call.post(new SipCall.AgentClaimed()));
        long deadline = start + q.maxWait().toNanos();
        if (hold == null) {
            hold = encoded(q.prompt(SipQueueing.HOLD, language), rtp.codec());
            pause = silence(rtp.codec(), Math.max(RtpSession.SAMPLES_PER_FRAME, q.pause().toMillis() * 8));
        }
        int place = agents.position(w);
        log.info("SIP call {} waits in queue '{}' (place {})", call.id(), w.queue(), place);
        Playing playing = Playing.HOLD;
        long playId = rtp.play(withPosition(hold, place));
        long lastCheck = System.nanoTime();
        try {
            while (true) {
                String agent = w.agent().getNow(null);
                if (agent != null) {
                    return agent; // what plays goes on while the agent's phone rings
                }
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    break;
                }
                long wait = Math.min(left, Math.max(0, lastCheck + RECHECK_NANOS - now));
                if (q.announcesPosition()) {
                    wait = Math.min(wait, TimeUnit.SECONDS.toNanos(1)); // a place that changed is told soon
                }
                SipCall.Event e = call.next(wait);
                if (System.nanoTime() - lastCheck >= RECHECK_NANOS) {
                    // the agent's claim wakes the caller at once; this re-checks the line now and then
                    // (a callback ahead of this caller may have been cancelled meanwhile)
                    agents.match(w.queue());
                    lastCheck = System.nanoTime();
                }
                if (e instanceof SipCall.Played p && p.id() == playId) {
                    if (playing == Playing.PAUSE) {
                        playing = Playing.HOLD;
                        playId = rtp.play(withPosition(hold, agents.position(w)));
                    } else {
                        playing = Playing.PAUSE;
                        playId = rtp.play(pause);
                    }
                } else if (playing == Playing.PAUSE) {
                    byte[] told = withPosition(new byte[0], agents.position(w));
                    if (told.length > 0) { // the place changed: told in the pause, which starts again after
                        playing = Playing.POSITION;
                        playId = rtp.play(told);
                    }
                }
            }
        } catch (CallHangupException gone) {
            if (!agents.leave(w)) {
                String claimed = w.agent().getNow(null);
                if (claimed != null) {
                    agents.busy(claimed, false);
                }
            }
            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            log.info("SIP call {} left queue '{}' after {} s waiting", call.id(), w.queue(), waited);
            throw new CallerLeftQueueException("caller hung up after " + waited + " s waiting in queue '"
                    + w.queue() + "'", gone);
        }
        if (!agents.leave(w)) {
            return w.agent().join(); // claimed at the last moment
        }
        rtp.stopPlayback();
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        log.info("SIP call {}: no agent of queue '{}' free within {} s", call.id(), w.queue(), waited);
        Path apology = q.prompt(SipQueueing.WAIT_OVER, language);
        if (apology != null) {
            call.play(new Audio(apology, apology.toString(), null), "");
        }
        throw new CallFailedException("no agent of queue '" + w.queue() + "' free within the wait limit of "
                + q.maxWait().toSeconds() + " s");
    }

    /**
     * {@code before} followed by the announcement of place {@code place} when it is due (first time,
     * or changed and not told for {@link SipQueueing#positionEvery}); {@code before} alone otherwise.
     */
    private byte[] withPosition(byte[] before, int place) {
        if (!q.announcesPosition() || positionBroken || place <= 0 || place == announced
                || (announced != 0 && System.nanoTime() - announcedAt < q.positionEvery().toNanos())) {
            return before;
        }
        byte[] told = position(place);
        if (told == null) {
            return before;
        }
        announced = place;
        announcedAt = System.nanoTime();
        log.info("SIP call {}: place {} in line told", call.id(), place);
        byte[] out = Arrays.copyOf(before, before.length + told.length);
        System.arraycopy(told, 0, out, before.length, told.length);
        return out;
    }

    /** "You are number" + the number (TTS) + "in line", in the call's codec; null when it cannot be said. */
    private byte[] position(int place) {
        G711 codec = call.rtp().codec();
        String lang = q.languageOf(SipQueueing.POSITION_BEFORE, language);
        if (lang == null) {
            positionBroken = true;
            log.warn("SIP call {}: no {} recording (run scripts/gen-prompts): places in line are not told",
                    call.id(), SipQueueing.POSITION_BEFORE);
            return null;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(prompts.encoded(q.prompt(SipQueueing.POSITION_BEFORE, lang), codec));
            out.write(prompts.encoded(q.voice().speak(Integer.toString(place), lang).localFile(), codec));
            Path after = q.prompt(SipQueueing.POSITION_AFTER, lang);
            if (after != null) {
                out.write(prompts.encoded(after, codec));
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            positionBroken = true; // e.g. no TTS engine: the caller hears the hold prompt alone
            log.warn("SIP call {}: place in line not told: {}", call.id(), e.getMessage());
            return null;
        }
    }

    private byte[] encoded(Path prompt, G711 codec) {
        if (prompt == null) {
            return new byte[0];
        }
        try {
            return prompts.encoded(prompt, codec);
        } catch (IOException e) {
            log.warn("SIP call {}: hold prompt unreadable, silence instead: {}", call.id(), e.getMessage());
            return new byte[0];
        }
    }

    private static byte[] silence(G711 codec, long samples) {
        byte[] out = new byte[(int) samples];
        Arrays.fill(out, codec.silence());
        return out;
    }
}
