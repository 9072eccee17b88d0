package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.speech.Recognition;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a menu that takes speech and keys together ("say balance or press 1"). Each attempt
 * listens for either; a key is handled as in a keys-only menu; speech is recognised against the
 * menu's grammar. A match the recognizer is unsure of is confirmed ("Did you say balance? Press 1
 * for yes"). Silence, speech outside the grammar and a "no" count as failed attempts, re-prompted
 * with {@code no_input} / {@code invalid} within the menu's retries; when they are used up the menu
 * gives the caller one last keys-only try before {@code on_fail}. When no recognizer is free the
 * menu goes on with keys only at once. Every recognition is noted on the call's timeline.
 */
final class SpokenMenu {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpokenMenu.class);
    private final MenuStep menu;
    private final MenuSpeech speech;
    private final CallSession session;

    SpokenMenu(MenuStep menu, CallSession session) {
        this.menu = menu;
        this.speech = menu.speech();
        this.session = session;
    }

    String run() {
        int maxDigits = menu.choices().keySet().stream().mapToInt(String::length).max().orElse(1);
        Listening how = Listening.keysOrSpeech(maxDigits, menu.timeout(), true);
        for (int attempt = 0; attempt <= menu.retries(); attempt++) {
            int left = menu.retries() - attempt;
            if (!session.canHearSpeech()) {
                return menu.keysOnly(session, left);
            }
            Heard heard = session.call().listen(session.prompt(speech.speechPrompt(), Map.of()), how);
            String sorry;
            if (heard.keyed()) {
                String target = menu.choices().get(heard.digits());
                if (target != null) {
                    session.recordChoice(menu.name(), heard.digits());
                    return target;
                }
                sorry = menu.invalid();
            } else if (heard.spoke()) {
                Optional<Recognition> recognised;
                try {
                    recognised = session.recognize(heard.utterance(), speech.grammar());
                } catch (RuntimeException e) {
                    // a broken recognizer must not cost the caller the call: go on with keys
                    LOG.error("call {} step '{}': speech recognition failed, menu takes keys only: {}",
                            session.call().id(), menu.name(), e.toString());
                    session.recordHeard(menu.name(), null, "recognizer_failed");
                    return menu.keysOnly(session, left);
                }
                if (recognised.isEmpty()) {
                    session.recordHeard(menu.name(), null, "recognizer_busy");
                    return menu.keysOnly(session, left);
                }
                Recognition r = recognised.get();
                if (r.matched()) {
                    // confirm_below 1 means "always confirm", even a recognition sure to 100 %
                    boolean sure = speech.confirmBelow() < 1 && r.confidence() >= speech.confirmBelow();
                    if (sure || confirmed(r)) {
                        session.recordHeard(menu.name(), r, sure ? r.choice() : r.choice() + ",confirmed");
                        session.recordChoice(menu.name(), r.choice());
                        return menu.choices().get(r.choice());
                    }
                    session.recordHeard(menu.name(), r, "not_confirmed");
                    sorry = null;   // the caller said no: just ask again
                } else {
                    session.recordHeard(menu.name(), r, r.heardSpeech() ? "no_match" : "no_input");
                    sorry = r.heardSpeech() ? menu.invalid() : menu.noInput();
                }
            } else {
                sorry = menu.noInput();
            }
            if (sorry != null && attempt < menu.retries()) {
                session.play(sorry);
            }
        }
        session.recordHeard(menu.name(), null, "keys_only");
        return menu.keysOnly(session, 0);
    }

    /** "Did you say balance? To confirm press 1" — true only on a 1. */
    private boolean confirmed(Recognition r) {
        String digits = session.call().collectDigits(session.prompt(speech.confirm(), Map.of("choice", r.text())), 1,
                menu.timeout());
        return "1".equals(digits);
    }
}
