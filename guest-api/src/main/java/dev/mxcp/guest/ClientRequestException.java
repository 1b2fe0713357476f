package dev.mxcp.guest;

/**
 * A request to the client ({@link ClientChannel#sample}, {@link ClientChannel#elicit}) did not get an
 * answer: the client does not support it, refused it with an error, the call was cancelled, or no client is
 * connected (the CLI, YAML tests). Its message is one line for the tool's caller.
 */
public class ClientRequestException extends RuntimeException {

    public ClientRequestException(String message) {
        super(message);
    }

    public ClientRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
