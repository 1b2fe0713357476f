/**
 * The contract between the host and guest endpoint code: what the host implements for guests (database,
 * configuration, MCP client channel, content). Used by the host, and by guest code through GraalVM host access.
 */
module dev.mxcp.guest {
    exports dev.mxcp.guest;
}
