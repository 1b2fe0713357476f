package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;

/**
 * The command line itself is wrong (a malformed {@code --param}, a missing or malformed JSON file or argument):
 * exit code 2, as for an unknown option or command, and as MXCP's CLI (click's {@code BadParameter}) does.
 */
final class UsageException extends MxcpException {

    UsageException(String message) {
        super(message);
    }
}
