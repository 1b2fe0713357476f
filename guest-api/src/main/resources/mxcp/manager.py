"""The MCP manager from Python, with the API of the seed's PyO3 bindings (``PyMcpManager``): one Java
``McpManager`` per instance, reached through the host. Also importable as
``from claude_optimized_deployment_rust import mcp_manager``, so scripts written for those bindings run
unmodified. Invalid input (config JSON, an unknown server id, a malformed request) raises ValueError; every
other failure (a server that times out, fails or has its circuit open) raises McpManagerError, a
RuntimeError. The ``*_async`` methods (and ``stop`` when awaited) run the call on the event loop's default
executor, so the loop keeps running while Java waits."""
import asyncio

__all__ = ["PyMcpManager", "PyHealthStatus", "PyServerInfo", "McpManagerError",
           "SERVER_STATE_HEALTHY", "SERVER_STATE_DEGRADED", "SERVER_STATE_UNHEALTHY",
           "CIRCUIT_STATE_CLOSED", "CIRCUIT_STATE_OPEN", "CIRCUIT_STATE_HALF_OPEN"]

SERVER_STATE_HEALTHY = "Healthy"
SERVER_STATE_DEGRADED = "Degraded"
SERVER_STATE_UNHEALTHY = "Unhealthy"
CIRCUIT_STATE_CLOSED = "Closed"
CIRCUIT_STATE_OPEN = "Open"
CIRCUIT_STATE_HALF_OPEN = "HalfOpen"


class McpManagerError(RuntimeError):
    """A request or command the manager could not carry out (not a bad argument: those are ValueError)."""


def _answer(result):
    error, message, value = result[0], result[1], result[2]
    if error is None:
        return value
    raise (ValueError if error == "value" else McpManagerError)(str(message))


class PyHealthStatus:
    """The health of all managed servers."""
    __slots__ = ("total_servers", "healthy_servers", "degraded_servers", "unhealthy_servers",
                 "avg_response_time_ms")

    def __init__(self, total_servers, healthy_servers, degraded_servers, unhealthy_servers, avg_response_time_ms):
        self.total_servers = total_servers
        self.healthy_servers = healthy_servers
        self.degraded_servers = degraded_servers
        self.unhealthy_servers = unhealthy_servers
        self.avg_response_time_ms = avg_response_time_ms

    def __repr__(self):
        return (f"PyHealthStatus(total_servers={self.total_servers}, healthy_servers={self.healthy_servers}, "
                f"degraded_servers={self.degraded_servers}, unhealthy_servers={self.unhealthy_servers}, "
                f"avg_response_time_ms={self.avg_response_time_ms})")


class PyServerInfo:
    """One deployed server: the seed's attributes, plus tags, instances, circuit state and response times."""
    __slots__ = ("id", "name", "server_type", "state", "priority", "tags", "instances", "circuit_state",
                 "avg_response_time_ms", "p95_response_time_ms")

    def __init__(self, id, name, server_type, state, priority, tags=(), instances=1,
                 circuit_state=CIRCUIT_STATE_CLOSED, avg_response_time_ms=0, p95_response_time_ms=0):
        self.id = id
        self.name = name
        self.server_type = server_type
        self.state = state
        self.priority = priority
        self.tags = list(tags)
        self.instances = instances
        self.circuit_state = circuit_state
        self.avg_response_time_ms = avg_response_time_ms
        self.p95_response_time_ms = p95_response_time_ms

    def __repr__(self):
        return (f"PyServerInfo(id={self.id!r}, name={self.name!r}, server_type={self.server_type!r}, "
                f"state={self.state!r}, priority={self.priority})")


class _Stopped:
    """What stop() returns: it has stopped already, and can be awaited too (the seed's ``await manager.stop()``)."""
    __slots__ = ()

    def __await__(self):
        return
        yield


class PyMcpManager:
    """Holds many MCP servers: deploy them by id, call them, read their health and metrics."""

    def __init__(self, config_path=None):
        made = _host.service("mcp_manager", "" if config_path is None else str(config_path))
        if isinstance(made, str):
            raise ValueError(made)
        self._java = made

    def start(self):
        """Starts the manager (and deploys the servers of its config file)."""
        _answer(self._java.start())

    def stop(self):
        """Stops the manager and every server's sessions; also awaitable."""
        _answer(self._java.stop())
        return _Stopped()

    def deploy_server(self, server_id, config_json):
        _answer(self._java.deployServer(str(server_id), str(config_json)))

    def undeploy_server(self, server_id):
        _answer(self._java.undeployServer(str(server_id)))

    def execute(self, server_id, request_json):
        """Sends the request (an MCP method, or a tool's name with its params) and returns the result JSON."""
        return str(_answer(self._java.execute(str(server_id), str(request_json))))

    def get_server_state(self, server_id):
        return str(_answer(self._java.getServerState(str(server_id))))

    def get_health_status(self):
        h = _answer(self._java.getHealthStatus())
        return PyHealthStatus(int(h[0]), int(h[1]), int(h[2]), int(h[3]), int(h[4]))

    def list_servers(self):
        return [PyServerInfo(str(s[0]), str(s[1]), str(s[2]), str(s[3]), int(s[4]), [str(t) for t in s[5]],
                             int(s[6]), str(s[7]), int(s[8]), int(s[9]))
                for s in _answer(self._java.listServers())]

    def scale_server(self, server_id, instances):
        _answer(self._java.scaleServer(str(server_id), int(instances)))

    def export_prometheus_metrics(self):
        return str(_answer(self._java.exportPrometheusMetrics()))

    async def start_async(self):
        await asyncio.get_running_loop().run_in_executor(None, self.start)

    async def execute_async(self, server_id, request_json):
        return await asyncio.get_running_loop().run_in_executor(None, self.execute, server_id, request_json)

    async def deploy_server_async(self, server_id, config_json):
        await asyncio.get_running_loop().run_in_executor(None, self.deploy_server, server_id, config_json)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False
