"""MXCP on the JVM: the modules guest code imports (mxcp.runtime and MXCP's SDK helpers), served by the host."""
