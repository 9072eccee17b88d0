package io.frontdoor.ivr.sip.internal;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's logging, sent to SLF4J. The stack's own default needs log4j 1.x and otherwise fails
 * with a misleading message; it is named in the stack properties
 * ({@code gov.nist.javax.sip.STACK_LOGGER} and {@code SERVER_LOGGER}). Whole SIP messages are never
 * logged: they carry callers' numbers.
 */
public final class JainSipLog implements StackLogger, ServerLogger {
    private static final Logger log = LoggerFactory.getLogger("io.frontdoor.ivr.sip.stack");

    public JainSipLog() {
        // built by the stack by class name
    }

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        log.debug("jain-sip: {}", ex.toString());
    }

    @Override
    public void logDebug(String message) {
        log.trace("{}", message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        log.trace("{}: {}", message, ex.toString());
    }

    @Override
    public void logTrace(String message) {
        log.trace("{}", message);
    }

    @Override
    public void logFatalError(String message) {
        log.error("{}", message);
    }

    @Override
    public void logError(String message) {
        log.warn("{}", message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel <= TRACE_ERROR) {
            return true;
        }
        if (logLevel <= TRACE_WARN) {
            return log.isWarnEnabled();
        }
        if (logLevel <= TRACE_INFO) {
            return log.isDebugEnabled();
        }
        return log.isTraceEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        log.warn("{}: {}", message, ex.toString());
    }

    @Override
    public void logWarning(String message) {
        log.debug("{}", message);
    }

    @Override
    public void logInfo(String message) {
        log.debug("{}", message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
    }

    @Override
    public void logException(Exception ex) {
        log.debug("jain-sip: {}", ex.toString());
    }

    @Override
    public void setSipStack(SipStack sipStack) {
    }
}
