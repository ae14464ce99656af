// HandoffException: a handoff record or peer that cannot be accepted.
package dev.switchboard.proxy.handoff;

/** Bad input on the handoff socket: the peer is refused, the running proxy is not harmed. */
public final class HandoffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandoffException(String message) {
        super(message);
    }
}
