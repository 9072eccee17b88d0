package io.frontdoor.ivr.flow;

/**
 * One named step of a dialplan. Each kind is a small class that validates its own YAML (a static
 * {@code parse(StepContext)}) and runs against the call session; {@link StepFactory} picks the
 * kind.
 */
interface Step {

    /** Target meaning "the flow is over; give the call back to the switch". */
    String END = "end";

    /** The step's name in the dialplan. */
    String name();

    /** Runs the step and returns the next step's name, or {@link #END}. */
    String execute(CallSession session);

    /** Whether the step waits for the caller (a loop through such a step is not a busy loop). */
    default boolean waitsForInput() {
        return false;
    }
}
