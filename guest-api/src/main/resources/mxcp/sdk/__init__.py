"""The parts of MXCP's SDK that endpoint code imports: mxcp.sdk.auth and mxcp.sdk.executor."""
