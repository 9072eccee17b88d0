package io.frontdoor.ivr.flow;

import java.util.List;

/** The prompt ids the callback offer ({@link OfferCallbackStep}) plays, and the lists it checks at load. */
final class CallbackPrompts {
    static final String WAIT = "callback.wait";
    static final String POSITION = "callback.position";
    static final String MENU = "callback.offer_menu";
    static final String MENU_ASAP = "callback.offer_menu_asap";
    static final String CONFIRM_NUMBER = "callback.confirm_number";
    static final String ENTER_NUMBER = "callback.enter_number";
    static final String ENTER_CODE = "callback.enter_code";
    static final String CODE_WRONG = "callback.code_wrong";
    static final String CHOOSE_TIME = "callback.choose_time";
    static final String SLOT = "callback.slot";
    static final String ACCEPTED = "callback.accepted";
    static final String ACCEPTED_SOON = "callback.accepted_soon";
    static final String ACCEPTED_TIMED = "callback.accepted_timed";
    static final String PENDING = "callback.pending";
    static final String PENDING_TIMED = "callback.pending_timed";
    static final String PENDING_MENU = "callback.pending_menu";
    static final String KEPT = "callback.kept";
    static final String CANCELLED = "callback.cancelled";
    static final String HOLD_NOW = "callback.hold_now";
    static final String BEING_DIALLED = "callback.being_dialled";
    static final String INVALID = "menu.invalid";
    static final String NO_INPUT = "menu.no_input";

    /** Every prompt the step may play without timed callbacks. */
    static final List<String> PROMPTS = List.of(WAIT, POSITION, MENU_ASAP, CONFIRM_NUMBER, ENTER_NUMBER, ENTER_CODE,
            CODE_WRONG, ACCEPTED,
            ACCEPTED_SOON, PENDING, PENDING_TIMED, PENDING_MENU, KEPT, CANCELLED, HOLD_NOW, BEING_DIALLED, INVALID,
            NO_INPUT, "callback.number_invalid", "callback.number_premium", "callback.number_not_allowed",
            "callback.number_foreign", "callback.number_not_on_file", "callback.rate_limited",
            "callback.time_not_open", "callback.unavailable");
    /** The prompts {@code timed: true} adds. */
    static final List<String> TIMED_PROMPTS = List.of(MENU, CHOOSE_TIME, SLOT, ACCEPTED_TIMED);

    private CallbackPrompts() {
    }
}
