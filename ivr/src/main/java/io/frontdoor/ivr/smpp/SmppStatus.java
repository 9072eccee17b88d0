package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.sms.SmsException;

import java.util.Map;

/** SMPP 3.4 command_status values: names for logs and what they mean for the outbox. */
final class SmppStatus {
    static final int ESME_RMSGQFUL = 0x14;
    static final int ESME_RTHROTTLED = 0x58;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "ESME_ROK"), Map.entry(0x01, "ESME_RINVMSGLEN"), Map.entry(0x02, "ESME_RINVCMDLEN"),
            Map.entry(0x03, "ESME_RINVCMDID"), Map.entry(0x04, "ESME_RINVBNDSTS"), Map.entry(0x05, "ESME_RALYBND"),
            Map.entry(0x06, "ESME_RINVPRTFLG"), Map.entry(0x07, "ESME_RINVREGDLVFLG"), Map.entry(0x08, "ESME_RSYSERR"),
            Map.entry(0x0A, "ESME_RINVSRCADR"), Map.entry(0x0B, "ESME_RINVDSTADR"), Map.entry(0x0C, "ESME_RINVMSGID"),
            Map.entry(0x0D, "ESME_RBINDFAIL"), Map.entry(0x0E, "ESME_RINVPASWD"), Map.entry(0x0F, "ESME_RINVSYSID"),
            Map.entry(0x14, "ESME_RMSGQFUL"), Map.entry(0x15, "ESME_RINVSERTYP"), Map.entry(0x45, "ESME_RSUBMITFAIL"),
            Map.entry(0x48, "ESME_RINVSRCTON"), Map.entry(0x49, "ESME_RINVSRCNPI"), Map.entry(0x50, "ESME_RINVDSTTON"),
            Map.entry(0x51, "ESME_RINVDSTNPI"), Map.entry(0x53, "ESME_RINVSYSTYP"), Map.entry(0x58, "ESME_RTHROTTLED"),
            Map.entry(0x61, "ESME_RINVSCHED"), Map.entry(0x62, "ESME_RINVEXPIRY"), Map.entry(0x64, "ESME_RX_T_APPN"),
            Map.entry(0x65, "ESME_RX_P_APPN"), Map.entry(0x66, "ESME_RX_R_APPN"), Map.entry(0xFF, "ESME_RUNKNOWNERR"));

    private SmppStatus() {
    }

    /** "ESME_RTHROTTLED (0x00000058)". */
    static String describe(int status) {
        return NAMES.getOrDefault(status, "status") + String.format(" (0x%08X)", status);
    }

    /** THROTTLED for ESME_RTHROTTLED and ESME_RMSGQFUL, REJECTED for any other error. */
    static SmsException.Kind kind(int status) {
        return status == ESME_RTHROTTLED || status == ESME_RMSGQFUL
                ? SmsException.Kind.THROTTLED : SmsException.Kind.REJECTED;
    }
}
