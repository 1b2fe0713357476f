# Type stub for mxcp.manager (also importable as claude_optimized_deployment_rust.mcp_manager): the MCP
# manager's bindings with the seed's API. Run scripts with `mxcp exec script.py [ARGS...]`.
from typing import List, Optional

SERVER_STATE_HEALTHY: str  # "Healthy"
SERVER_STATE_DEGRADED: str  # "Degraded"
SERVER_STATE_UNHEALTHY: str  # "Unhealthy"
CIRCUIT_STATE_CLOSED: str  # "Closed"
CIRCUIT_STATE_OPEN: str  # "Open"
CIRCUIT_STATE_HALF_OPEN: str  # "HalfOpen"


class McpManagerError(RuntimeError):
    """A timeout, an open circuit, an unreachable server, a JSON-RPC or tool error (bad arguments are ValueError)."""


class PyHealthStatus:
    total_servers: int
    healthy_servers: int
    degraded_servers: int
    unhealthy_servers: int
    avg_response_time_ms: int


class PyServerInfo:
    id: str
    name: str
    server_type: str
    state: str
    priority: int
    tags: List[str]
    instances: int
    circuit_state: str
    avg_response_time_ms: int
    p95_response_time_ms: int


class _Stopped:
    """stop()'s result: already stopped, and awaitable."""
    def __await__(self): ...


class PyMcpManager:
    def __init__(self, config_path: Optional[str] = None) -> None:
        """config_path: YAML/JSON whose `servers:` (id -> config) start() deploys; default $MXCP_MANAGER_CONFIG.
        Raises ValueError when the file is missing or malformed."""
    def start(self) -> None: ...
    def stop(self) -> _Stopped: ...
    def deploy_server(self, server_id: str, config_json: str) -> None:
        """Raises ValueError for invalid JSON, an unknown key or kind, or an id deployed twice."""
    def undeploy_server(self, server_id: str) -> None: ...
    def execute(self, server_id: str, request_json: str) -> str:
        """An MCP method ("tools/list", "ping"...) or a tool's name with its params; returns the result JSON.
        Raises ValueError for an unknown server id or a malformed request, McpManagerError for the rest."""
    def get_server_state(self, server_id: str) -> str: ...
    def get_health_status(self) -> PyHealthStatus: ...
    def list_servers(self) -> List[PyServerInfo]: ...
    def scale_server(self, server_id: str, instances: int) -> None: ...
    def export_prometheus_metrics(self) -> str: ...
    async def start_async(self) -> None: ...
    async def execute_async(self, server_id: str, request_json: str) -> str: ...
    async def deploy_server_async(self, server_id: str, config_json: str) -> None: ...
    def __enter__(self) -> "PyMcpManager": ...
    def __exit__(self, *exc: object) -> bool: ...
