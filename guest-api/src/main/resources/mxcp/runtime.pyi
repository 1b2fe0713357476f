"""Type stub of mxcp.runtime as the JVM host serves it: MXCP's API plus caller accessors.

Put this file next to your code (or on your editor's stub path) for completion and type checks.
Every worker (one Python context of the host's pool) has its own copy of your modules: module
globals, caches and what @on_init hooks set up exist once per worker.
"""
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[[], Any])
_C = TypeVar("_C", bound=Callable[[str, dict[str, str]], list[str] | Awaitable[list[str]]])


class DatabaseError(RuntimeError):
    """A statement run through db.execute failed; the message is DuckDB's."""


class ClientRequestError(RuntimeError):
    """mcp.sample / mcp.elicit got no answer: no MCP client (CLI, tests), the client lacks the capability or
    refused, or the call ended."""


class Content:
    """MCP content a tool returns instead of plain data, alone or in a list (made by mcp.text, mcp.image,
    mcp.audio, mcp.embedded_resource, mcp.resource_link). Such results skip return-type validation."""


class SamplingResult:
    role: str | None
    text: str | None
    """The answer's text (None when the model answered with non-text content)."""
    model: str | None
    stop_reason: str | None


class ElicitationResult:
    action: str
    """"accept", "decline" or "cancel"."""
    content: dict[str, Any]
    """The submitted values (empty unless accepted)."""


class Rows(list[dict[str, Any]]):
    """What db.execute returns: a real list of real dicts (json.dumps works), plus cursor-style helpers.

    Values are Python values: DATE -> datetime.date, TIMESTAMP -> datetime.datetime (TIMESTAMPTZ with
    tzinfo), TIME -> datetime.time, DECIMAL -> decimal.Decimal, HUGEINT -> int, BLOB -> bytes,
    LIST -> list, STRUCT and MAP -> dict, NULL -> None.
    """

    def fetchone(self) -> dict[str, Any] | None:
        """The first row, or None."""

    def fetchall(self) -> list[dict[str, Any]]:
        """All rows as a plain list."""

    def df(self) -> Any:
        """The rows as a pandas DataFrame. pandas is a native extension this runtime cannot load, so
        this raises RuntimeError unless a pandas module is importable."""


class _Database:
    def execute(self, query: str, params: dict[str, Any] | None = None) -> Rows:
        """Runs SQL on this worker's DuckDB connection. $name in the SQL binds params["name"].
        INSERT/UPDATE/DELETE return [{"Count": n}]; DDL returns []. Raises DatabaseError."""


class _Config:
    def get_secret(self, name: str, key: str | None = None) -> Any:
        """The parameters of secret `name` of the active profile (a dict), or None if there is no such
        secret; with `key`, only that parameter (None if missing)."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A value of mxcp-site.yml by dotted key, e.g. "dbt.enabled"; `default` when absent."""

    @property
    def site_config(self) -> dict[str, Any]:
        """mxcp-site.yml as a plain dict."""

    @property
    def user_config(self) -> dict[str, Any]:
        """The user configuration as a plain dict (the active profile's ${VAR} references resolved)."""


class _Plugins:
    def get(self, name: str) -> Any | None:
        """The plugin instance named `name` in mxcp-site.yml's plugin list, or None."""

    def list(self) -> list[str]:
        """The names of the loaded plugin instances."""


class _Mcp:
    """The MCP client of the current call: logs and progress (the host log outside MCP), sampling and
    elicitation requests, and rich content to return. Log, progress and requests are awaitable; from sync
    code use asyncio.run(mcp.info("...")) as MXCP documents."""

    def debug(self, message: str, **extra: Any) -> Awaitable[None]: ...
    def info(self, message: str, **extra: Any) -> Awaitable[None]: ...
    def warning(self, message: str, **extra: Any) -> Awaitable[None]: ...
    def error(self, message: str, **extra: Any) -> Awaitable[None]: ...

    def progress(self, progress: float | None = None, total: float | None = None, message: str | None = None,
                 *, current: float | None = None) -> Awaitable[None]:
        """Progress so far (`progress`, or `current` as MXCP's docs spell it), out of `total` if known."""

    def sample(self, prompt: str, max_tokens: int = 1000, system_prompt: str | None = None,
               temperature: float | None = None, *, key: str | None = None) -> Awaitable[SamplingResult]:
        """Asks the MCP client's model to complete `prompt` (sampling/createMessage) and waits for the answer.
        Raises ClientRequestError when there is no answer. A 2026-07-28 client answers on a retry of the call
        (the call runs again and gets the answer here); `key` names the request for it (default: by order)."""

    def elicit(self, message: str, schema: dict[str, Any], *, key: str | None = None) -> Awaitable[ElicitationResult]:
        """Asks the user to fill in a form (elicitation/create); `schema` is a flat JSON Schema object with
        primitive properties. Raises ClientRequestError when there is no answer."""

    def list_roots(self, *, key: str | None = None) -> Awaitable[list[dict[str, Any]]]:
        """Asks the client for its roots (roots/list): [{"uri": ..., "name": ... or None}]. Raises
        ClientRequestError when there is no answer."""

    @staticmethod
    def text(text: str) -> Content: ...

    @staticmethod
    def image(data: str | bytes, mime_type: str) -> Content:
        """data: base64 text, or bytes (encoded for you)."""

    @staticmethod
    def audio(data: str | bytes, mime_type: str) -> Content: ...

    @staticmethod
    def embedded_resource(uri: str, text: str | None = None, mime_type: str | None = None,
                          blob: str | bytes | None = None) -> Content:
        """A resource's contents inlined in the result: text, or a blob."""

    @staticmethod
    def resource_link(uri: str, name: str, mime_type: str | None = None, description: str | None = None) -> Content: ...


class _User:
    """The caller of the current call (from the MCP session, --user-context, or a test's user_context).
    Every attribute is None when the call has no user."""

    @property
    def authenticated(self) -> bool: ...
    user_id: str | None
    username: str | None
    name: str | None
    email: str | None
    provider: str | None
    avatar_url: str | None
    external_token: str | None
    raw_profile: dict[str, Any]


class _Request:
    """The HTTP request of the current call; no headers outside HTTP."""

    @property
    def headers(self) -> dict[str, str] | None:
        """Request headers, names in lower case; None when the call has none (stdio, mxcp run)."""

    def header(self, name: str, default: str | None = None) -> str | None:
        """One header, by case-insensitive name."""


class _Span:
    def set_attribute(self, key: str, value: str | int | float | bool | None) -> None:
        """An attribute of this span (other values are sent as their text; None is skipped)."""

    def __enter__(self) -> "_Span": ...

    def __exit__(self, *exc: Any) -> bool: ...


class _Telemetry:
    def span(self, name: str, attributes: dict[str, Any] | None = None) -> _Span:
        """A child span in the call's trace (under mxcp.python.execute, or a span opened around it), open in
        the with block; an exception leaving the block marks it failed with the exception's class name. Nothing is
        recorded when the call is not traced (telemetry off). Put names and counts in it, never secrets:

            with telemetry.span("fetch_rates", {"source": "ecb"}) as span:
                rates = fetch()
                span.set_attribute("rates.count", len(rates))
        """


db: _Database
config: _Config
plugins: _Plugins
mcp: _Mcp
user: _User
request: _Request
telemetry: _Telemetry


def get_secret(name: str, key: str | None = None) -> Any:
    """Same as config.get_secret."""


def on_init(func: _F) -> _F:
    """Runs func (sync or async, no arguments) when a worker starts and again after a reload. Hooks run in
    registration order; an exception is logged and the next hook still runs."""


def on_shutdown(func: _F) -> _F:
    """Runs func (sync or async, no arguments) when a worker stops and before a reload; same rules."""


def completion(argument: str, prompt: str | None = None, resource: str | None = None) -> Callable[[_C], _C]:
    """Registers the decorated function as the completion hook of `argument` (MCP completion/complete):
    for prompt `prompt`, for the resource template `resource` (its URI template, as in the YAML), or, with
    neither, for any prompt or template that has that argument. It is called as func(value, context) with
    what was typed so far and the other arguments already chosen, and returns a list of strings (sync or
    async); at most 100 are sent, with the total. A hook for the exact prompt or template wins over one for
    any; with no hook, the parameter's enum, else its examples, are offered. A hook that raises (or runs past
    python.timeout_seconds) answers no suggestions and is logged as a warning. Register hooks in modules
    under python/: they are loaded when a worker starts, which is when the host learns the hooks.

        @completion(argument="customer_id", resource="customers://{customer_id}/orders")
        def customer_ids(value, context):
            rows = db.execute("SELECT id FROM customers WHERE CAST(id AS VARCHAR) LIKE $p || '%'", {"p": value})
            return [str(r["id"]) for r in rows]
    """


def reload_duckdb(payload_func: Callable[[], Any] | None = None, description: str = "") -> None:
    """Schedules a reload and returns at once. After the calls in flight finish: shutdown hooks run,
    DuckDB closes, payload_func runs in this worker with the database file to itself (db.execute is
    unavailable meanwhile), DuckDB reopens and init hooks run. Calls arriving meanwhile wait and are
    served afterwards; none fails because of the reload."""
