"""MXCP plugins: a plugin is a module with class MXCPPlugin(MXCPBasePlugin), listed under `plugin:` in
mxcp-site.yml and built with its user-config settings. Python endpoints reach instances through
mxcp.runtime.plugins. Every @udf method becomes the SQL function <method>_<plugin name> on every
DuckDB connection, with the DuckDB types udfs() derives from its annotations (see mxcp._worker)."""

_shutdown_hooks = []


def udf(func):
    """Marks a plugin method as a DuckDB function (MXCP registers it as <method>_<plugin name>)."""
    func._is_udf = True
    return func


def on_shutdown(func):
    """Registers func to run when plugins shut down."""
    _shutdown_hooks.append(func)
    return func


class MXCPBasePlugin:
    """Base class of MXCP plugins: keeps the configuration and the (optional) user context."""

    def __init__(self, config, user_context=None):
        self._config = config
        self._user_context = user_context

    @property
    def config(self):
        return self._config

    @property
    def user_context(self):
        return self._user_context

    def get_user_token(self):
        return getattr(self._user_context, "external_token", None)

    def get_username(self):
        return getattr(self._user_context, "username", None)

    def get_user_email(self):
        return getattr(self._user_context, "email", None)

    def get_user_provider(self):
        return getattr(self._user_context, "provider", None)

    def is_authenticated(self):
        return self._user_context is not None

    def udfs(self):
        """MXCP's definitions of the methods marked @udf: name, bound method, DuckDB argument types and return
        type. Raises ValueError for a type DuckDB functions cannot take (Any, or an unknown class)."""
        import inspect
        from typing import get_type_hints
        definitions = []
        for name, function in inspect.getmembers(type(self), predicate=inspect.isfunction):
            if not getattr(function, "_is_udf", False):
                continue
            hints = get_type_hints(function)
            if "return" not in hints:
                import sys
                print(f"Skipping @udf {name} of {type(self).__name__}: no return type annotation", file=sys.stderr)
                continue
            parameters = [p for p in inspect.signature(function).parameters if p != "self"]
            missing = [p for p in parameters if p not in hints]
            if missing:
                raise ValueError(f"@udf {name}: parameter '{missing[0]}' has no type annotation")
            definitions.append({
                "name": name,
                "method": getattr(self, name),
                "args": [self._get_duckdb_type(hints[p]) for p in parameters],
                "return_type": self._get_duckdb_type(hints["return"]),
            })
        return definitions

    def _get_duckdb_type(self, python_type):
        """MXCP's mapping of an annotation to a DuckDB type: str, int, float, bool, Decimal, date, time,
        datetime, timedelta, bytes; list[T] as T[]; dict[K, V] as MAP; Optional[T] as T; a class with
        annotations (a dataclass, a TypedDict) as a STRUCT of its fields."""
        return _duckdb_type(python_type)

    def shutdown(self):
        """Called when the server stops; override to release resources."""
        for hook in list(_shutdown_hooks):
            hook()


def _scalar_types():
    import datetime
    import decimal
    return {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", decimal.Decimal: "DECIMAL",
            datetime.date: "DATE", datetime.time: "TIME", datetime.datetime: "TIMESTAMP",
            datetime.timedelta: "INTERVAL", bytes: "BLOB"}


def _unwrap(python_type):
    """The type inside Annotated[T, ...] and Optional[T] (Union[T, None])."""
    import typing
    origin = typing.get_origin(python_type)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(python_type)[0])
    if origin is typing.Union or type(python_type).__name__ == "UnionType":
        kept = [t for t in typing.get_args(python_type) if t is not type(None)]
        if len(kept) == 1:
            return _unwrap(kept[0])
    return python_type


def _duckdb_type(python_type):
    import typing
    if python_type is typing.Any:
        raise ValueError("type 'Any' is not supported in UDF annotations; name a concrete type")
    python_type = _unwrap(python_type)
    origin = typing.get_origin(python_type)
    if origin is list:
        (item,) = typing.get_args(python_type) or (typing.Any,)
        return f"{_duckdb_type(item)}[]"
    if origin is dict:
        key, value = typing.get_args(python_type) or (typing.Any, typing.Any)
        return f"MAP({_duckdb_type(key)}, {_duckdb_type(value)})"
    scalar = _scalar_types().get(python_type)
    if scalar is not None:
        return scalar
    fields = typing.get_type_hints(python_type) if isinstance(python_type, type) else {}
    if fields:
        inner = ", ".join(f'"{name}" {_duckdb_type(t)}' for name, t in fields.items())
        return f"STRUCT({inner})"
    raise ValueError(f"type '{python_type}' is not supported in UDF annotations")
