package dev.mxcp.host.base;

/**
 * A failure the user caused or can fix: bad configuration, bad input, a failing query. Its message is
 * one line that names the file, location or parameter involved, and is shown as is (no stack trace).
 */
public class MxcpException extends RuntimeException {

    public MxcpException(String message) {
        super(message);
    }

    public MxcpException(String message, Throwable cause) {
        super(message, cause);
    }
}
