"""mxcp.runtime: what MXCP Python endpoints use to reach the server (database, configuration, secrets,
plugins, lifecycle hooks, MCP logging and progress, the caller). The same API as MXCP's own module, served
by the JVM host through one bridge object (_host, set when this module is loaded).

Each worker (a Python context of the host's pool) has its own copy of this module and of every module of
the project: module globals, caches and @on_init state exist once per worker.
"""
from mxcp import _wire

__all__ = [
    "db", "config", "plugins", "mcp", "user", "request",
    "on_init", "on_shutdown", "completion", "reload_duckdb", "get_secret", "DatabaseError", "ClientRequestError",
    "Content", "telemetry",
]

class DatabaseError(RuntimeError):
    """A statement run through db.execute failed; the message is DuckDB's."""


class ClientRequestError(RuntimeError):
    """mcp.sample or mcp.elicit got no answer: no MCP client, it lacks the capability, refused, or the call ended."""


class Content:
    """MCP content a tool returns instead of plain data, alone or in a list: made by mcp.text, mcp.image,
    mcp.audio, mcp.embedded_resource and mcp.resource_link."""

    __slots__ = ("_fields",)
    _mxcp_content = True  # how the host tells it from a user's own class named Content

    def __init__(self, **fields):
        self._fields = {k: v for k, v in fields.items() if v is not None}

    def __repr__(self):
        return f"Content({self._fields['type']})"


class SamplingResult:
    """The client model's answer to mcp.sample: its text (None for non-text content), role, model, stop_reason."""

    def __init__(self, role=None, text=None, model=None, stop_reason=None):
        self.role = role
        self.text = text
        self.model = model
        self.stop_reason = stop_reason


class ElicitationResult:
    """The user's answer to mcp.elicit: action is "accept", "decline" or "cancel"; content the submitted values."""

    def __init__(self, action, content):
        self.action = action
        self.content = content


def _base64(data):
    if isinstance(data, (bytes, bytearray)):
        import base64
        return base64.b64encode(data).decode("ascii")
    return str(data)


class Rows(list):
    """The rows db.execute returns: a real list of real dicts, plus the cursor-style helpers MXCP scripts use."""

    def fetchone(self):
        """The first row, or None when there is none."""
        return self[0] if self else None

    def fetchall(self):
        """All rows, as a plain list."""
        return list(self)

    def df(self):
        """The rows as a pandas DataFrame (needs pandas importable in this worker)."""
        try:
            import pandas
        except ImportError as e:
            raise RuntimeError(
                "db.execute(...).df() needs pandas, which is not importable here: pandas is a native "
                "extension that this runtime cannot load; use the rows (a list of dicts) instead") from e
        return pandas.DataFrame(list(self))


class _Database:
    def execute(self, query, params=None):
        """Runs SQL with $name parameters taken from params; returns the rows (DML: [{"Count": n}])."""
        result = _host.query(str(query), params)
        if type(result) is str:
            raise DatabaseError(result)
        return _wire.rows(result, Rows)


class _Config:
    def __init__(self):
        self._site = None
        self._user = None

    def get_secret(self, name, key=None):
        """The parameters of secret `name` (a dict), or None; with `key`, that one parameter (or None)."""
        params = _wire.decode(_host.secret(str(name)))
        if key is None or params is None:
            return params
        return params.get(key)

    def get_setting(self, key, default=None):
        """A value of mxcp-site.yml by dotted key ("dbt.enabled"), or default."""
        value = self.site_config
        for part in str(key).split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return default
        return value

    @property
    def site_config(self):
        """mxcp-site.yml as a plain dict."""
        if self._site is None:
            self._site = _wire.decode(_host.siteConfig())
        return self._site

    @property
    def user_config(self):
        """The user configuration (active profile's references resolved) as a plain dict."""
        if self._user is None:
            self._user = _wire.decode(_host.userConfig())
        return self._user


class _Plugins:
    def __init__(self):
        self._instances = {}

    def get(self, name):
        """The plugin instance called `name` (the site file's plugin entry name), or None."""
        return self._instances.get(name)

    def list(self):
        """The names of the loaded plugin instances."""
        return list(self._instances)


def _key(key):
    return None if key is None else str(key)


class _Mcp:
    """Log messages and progress for the MCP client of the current call (the host log outside MCP)."""

    async def debug(self, message, **extra):
        _host.log("debug", str(message))

    async def info(self, message, **extra):
        _host.log("info", str(message))

    async def warning(self, message, **extra):
        _host.log("warning", str(message))

    async def error(self, message, **extra):
        _host.log("error", str(message))

    async def progress(self, progress=None, total=None, message=None, *, current=None):
        done = current if progress is None else progress
        if done is None:
            raise TypeError("progress() needs the progress so far")
        _host.progress(float(done), None if total is None else float(total),
                       None if message is None else str(message))

    async def sample(self, prompt, max_tokens=1000, system_prompt=None, temperature=None, *, key=None):
        """Asks the client's model to complete `prompt`; waits for its answer (a SamplingResult). `key` names
        the request for 2026-07-28 clients, which answer it on a retry of the call."""
        answer = _host.sample(str(prompt), int(max_tokens), None if system_prompt is None else str(system_prompt),
                              None if temperature is None else float(temperature), _key(key))
        if type(answer) is str:
            raise ClientRequestError(answer)
        return SamplingResult(**_wire.decode(answer))

    async def elicit(self, message, schema, *, key=None):
        """Asks the user to fill in a form (a flat JSON Schema object); waits for an ElicitationResult."""
        answer = _host.elicit(str(message), schema, _key(key))
        if type(answer) is str:
            raise ClientRequestError(answer)
        return ElicitationResult(**_wire.decode(answer))

    async def list_roots(self, *, key=None):
        """Asks the client for its roots; waits for a list of {"uri", "name"} dicts (name may be None)."""
        answer = _host.listRoots(_key(key))
        if type(answer) is str:
            raise ClientRequestError(answer)
        return _wire.decode(answer)

    @staticmethod
    def text(text):
        return Content(type="text", text=str(text))

    @staticmethod
    def image(data, mime_type):
        """data: base64 text, or bytes (encoded for you)."""
        return Content(type="image", data=_base64(data), mimeType=str(mime_type))

    @staticmethod
    def audio(data, mime_type):
        return Content(type="audio", data=_base64(data), mimeType=str(mime_type))

    @staticmethod
    def embedded_resource(uri, text=None, mime_type=None, blob=None):
        """A resource's contents in the result: text, or blob (base64 text or bytes)."""
        return Content(type="resource", uri=str(uri), text=None if text is None else str(text),
                       blob=None if blob is None else _base64(blob), mimeType=mime_type)

    @staticmethod
    def resource_link(uri, name, mime_type=None, description=None):
        return Content(type="resource_link", uri=str(uri), name=str(name), mimeType=mime_type,
                       description=description)


class _User:
    """The caller of the current call; every attribute is None when there is none."""

    def _get(self, key):
        profile = _wire.decode(_host.user())
        return None if profile is None else profile.get(key)

    @property
    def authenticated(self):
        return _host.user() is not None

    user_id = property(lambda self: self._get("user_id"))
    username = property(lambda self: self._get("username"))
    name = property(lambda self: self._get("name"))
    email = property(lambda self: self._get("email"))
    provider = property(lambda self: self._get("provider"))
    avatar_url = property(lambda self: self._get("avatar_url"))
    external_token = property(lambda self: self._get("external_token"))
    raw_profile = property(lambda self: self._get("raw_profile") or {})
    capabilities = property(lambda self: self._get("capabilities") or [])


class _Request:
    """The HTTP request of the current call (no headers outside HTTP)."""

    @property
    def headers(self):
        """Header names in lower case; None when the call has no headers (as MXCP's request_headers)."""
        return _wire.decode(_host.headers())

    def header(self, name, default=None):
        headers = self.headers
        return default if headers is None else headers.get(str(name).lower(), default)


class _Span:
    """A span of the endpoint's trace, open inside its with block; set_attribute adds to it."""

    def __init__(self, name, attributes):
        self._name = str(name)
        self._attributes = attributes or {}
        self._depth = None

    def __enter__(self):
        self._depth = _host.startSpan(self._name)
        for key, value in self._attributes.items():
            self.set_attribute(key, value)
        return self

    def set_attribute(self, key, value):
        _host.setSpanAttribute(str(key), value if value is None or isinstance(value, (bool, int, float, str)) else str(value))

    def __exit__(self, kind, error, traceback):
        _host.endSpan(self._depth, None if kind is None else kind.__name__)
        return False


class _Telemetry:
    def span(self, name, attributes=None):
        """A child span of the current one in the call's trace: `with telemetry.span("fetch", {"rows": 3}) as s:`.
        Nothing is recorded when the call is not traced. Put names and counts in attributes, not secrets."""
        return _Span(name, attributes)


db = _Database()
config = _Config()
plugins = _Plugins()
mcp = _Mcp()
user = _User()
request = _Request()
telemetry = _Telemetry()

_init_hooks = []
_shutdown_hooks = []
_payloads = {}
_completions = {}


def get_secret(name, key=None):
    """Same as config.get_secret."""
    return config.get_secret(name, key)


def on_init(func):
    """Registers func (sync or async, no arguments) to run when a worker starts, and after a reload."""
    _init_hooks.append(func)
    return func


def on_shutdown(func):
    """Registers func (sync or async, no arguments) to run when a worker stops, and before a reload."""
    _shutdown_hooks.append(func)
    return func


def completion(argument, prompt=None, resource=None):
    """Registers the decorated function as the completion hook of `argument` for prompt `prompt`, for the
    resource template whose URI template is `resource`, or (neither given) for any prompt or template with
    that argument. It is called as func(value, context): what was typed so far, and the other arguments
    already chosen (a dict of strings); it returns a list of strings, sync or async."""
    if prompt is not None and resource is not None:
        raise ValueError("completion() takes prompt or resource, not both")
    kind, name = ("prompt", prompt) if prompt is not None else ("resource", resource) if resource is not None else ("", "")

    def register(func):
        if not callable(func):
            raise TypeError("@completion needs a function")
        _completions[(kind, str(name), str(argument))] = func
        return func
    return register


def _completion_keys():
    """[kind, name, argument] of every registered completion hook; kind and name are "" for any endpoint."""
    return [list(key) for key in _completions]


def _complete(kind, name, argument, value, context):
    """Runs the completion hook registered under exactly this key: its suggestions as strings, or None when
    this worker has no such hook (the host then falls back to the parameter's enum or examples)."""
    hook = _completions.get((kind, name, argument))
    if hook is None:
        return None
    result = hook(value, context)
    if hasattr(result, "__await__"):
        result = _run_coroutine(result)
    if result is None:
        return []
    if isinstance(result, (str, bytes, dict)) or not hasattr(result, "__iter__"):
        raise TypeError(f"the completion hook {getattr(hook, '__name__', hook)} must return a list of strings, "
                        f"got {type(result).__name__}")
    return [str(v) for v in result]


def reload_duckdb(payload_func=None, description=""):
    """Schedules a reload and returns at once. Later, once calls in flight finish: shutdown hooks run,
    DuckDB closes, payload_func runs (in this worker, with the database file to itself), DuckDB reopens
    and init hooks run. Calls arriving meanwhile wait and are served afterwards."""
    token = None
    if payload_func is not None:
        if not callable(payload_func):
            raise TypeError("payload_func must be callable")
        token = len(_payloads) + 1
        while token in _payloads:
            token += 1
        _payloads[token] = payload_func
    _host.requestReload(token, str(description or ""))


def _run_hooks(hooks, kind):
    for hook in list(hooks):
        try:
            result = hook()
            if hasattr(result, "__await__"):
                _run_coroutine(result)
        except Exception as e:
            _host.log("error", f"Error in {kind} hook {getattr(hook, '__name__', hook)}: {type(e).__name__}: {e}")


def _run_coroutine(coroutine):
    from mxcp import _worker
    return _worker.run_coroutine(coroutine)
