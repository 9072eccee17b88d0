package io.frontdoor.ivr.rules;

/** A rule that does not compile or type-check; the dialplan holding it is rejected at load. */
public class RuleCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleCompileException(String reason) {
        super(reason);
    }
}
