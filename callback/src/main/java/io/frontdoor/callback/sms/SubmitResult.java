package io.frontdoor.callback.sms;

import java.util.List;

/** The SMSC's message ids for a submitted message, one per part. */
public record SubmitResult(List<String> smscIds) {
    public SubmitResult {
        smscIds = List.copyOf(smscIds);
    }
}
