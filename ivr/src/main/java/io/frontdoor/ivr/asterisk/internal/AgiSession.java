package io.frontdoor.ivr.asterisk.internal;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiNetworkException;
import org.asteriskjava.fastagi.InvalidCommandSyntaxException;
import org.asteriskjava.fastagi.InvalidOrUnknownCommandException;
import org.asteriskjava.fastagi.reply.AgiReply;

/**
 * Sends AGI commands for one call and turns every error reply into FrontDoor's typed exceptions:
 * this is the one place that knows what 510, 511, 520, {@code result=-1} and {@code result=-2}
 * mean (STYLE.md point 5).
 *
 * <p>Once the channel is known to be gone (a {@code -1} media result, a 511, the unsolicited
 * {@code HANGUP} line, a closed socket), every later command fails at once without touching the
 * wire. Used by one thread at a time, like the call it serves.
 */
public final class AgiSession {
    private final AgiChannel channel;
    private final AgiSocket socket;
    private boolean hungUp;

    /** @param socket the connection, to learn of an unsolicited HANGUP; may be null in tests */
    public AgiSession(AgiChannel channel, AgiSocket socket) {
        this.channel = channel;
        this.socket = socket;
    }

    /** Whether the channel is known to be gone. */
    public boolean isHungUp() {
        if (!hungUp && socket != null && socket.hangupLineSeen()) {
            hungUp = true;
        }
        return hungUp;
    }

    /**
     * Sends a command and returns its successful 200 reply.
     *
     * @throws CallHangupException when the caller hung up before or during the command
     * @throws CallFailedException when Asterisk refused the command
     */
    public AgiReply send(AgiCommandLine command) {
        if (isHungUp()) {
            throw new CallHangupException("caller already hung up; " + command.verb() + " not sent");
        }
        AgiReply reply;
        try {
            reply = channel.sendCommand(command);
        } catch (AgiHangupException e) {
            // 511 on a dead channel, or the socket closed/timed out under the reader.
            throw hangup(command.verb() + " answered 511 or the connection closed", e);
        } catch (InvalidOrUnknownCommandException e) {
            throw failed(command, "510 Invalid or unknown command", e);
        } catch (InvalidCommandSyntaxException e) {
            throw failed(command, "520 Invalid command syntax", e);
        } catch (AgiNetworkException e) {
            throw hangup(command.verb() + " could not be sent: connection lost", e);
        } catch (AgiException e) {
            throw failed(command, e.getMessage(), e);
        }
        if (reply.getStatus() != AgiReply.SC_SUCCESS) {
            throw failed(command, reply.getFirstLine(), null);
        }
        String result = reply.getResult();
        if ("-1".equals(result) && command.results() == AgiCommandLine.ResultRule.RECORD
                && "writefile".equals(reply.getExtra())) {
            throw failed(command, reply.getFirstLine() + " (Asterisk could not write the recording file)", null);
        }
        if ("-1".equals(result) && command.results() != AgiCommandLine.ResultRule.PLAIN) {
            throw hangup(command.verb() + " answered result=-1: caller hung up", null);
        }
        if ("-2".equals(result) && command.results() == AgiCommandLine.ResultRule.EXEC) {
            throw failed(command, reply.getFirstLine() + " (no such application)", null);
        }
        return reply;
    }

    /** Marks the channel gone without sending anything (e.g. a 511 to our own HANGUP). */
    public void markHungUp() {
        hungUp = true;
    }

    private CallHangupException hangup(String message, Exception cause) {
        hungUp = true;
        return new CallHangupException(message, cause);
    }

    private static CallFailedException failed(AgiCommandLine command, String reply, Exception cause) {
        // Arguments may hold a caller's number or name; mask digit runs before they reach a log.
        String message = "Asterisk refused '" + Pii.text(command.line()) + "': " + Pii.text(reply);
        return cause == null ? new CallFailedException(message) : new CallFailedException(message, cause);
    }
}
