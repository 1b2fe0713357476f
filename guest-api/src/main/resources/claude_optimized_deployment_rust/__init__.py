"""The import path of the seed's PyO3 bindings, so scripts written for them run unmodified on mxcp:
``from claude_optimized_deployment_rust import mcp_manager`` is ``mxcp.manager``."""
import sys

from mxcp import manager as mcp_manager

sys.modules[__name__ + ".mcp_manager"] = mcp_manager
