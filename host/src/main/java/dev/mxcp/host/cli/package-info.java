/** The {@code mxcp} command line (picocli): each command a {@code Callable<Integer>} returning its exit code. */
package dev.mxcp.host.cli;
