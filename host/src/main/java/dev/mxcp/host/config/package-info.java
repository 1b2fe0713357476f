/**
 * Configuration: {@code mxcp-site.yml} and the user config as immutable records, with every error
 * reported as {@code file:line:column: key.path: problem}.
 */
package dev.mxcp.host.config;
