"""The host's entry points into one worker (a Python context): start-up, endpoint calls, lifecycle hooks
and reload payloads. Internal: user code uses mxcp.runtime."""
import importlib
import os
import sys

from mxcp import _wire, runtime

_state = {"python_dir": None, "root": None, "loop": None, "last_error": ""}
_modules = {}
_functions = {}
# The plugins' @udf methods by SQL function name: (bound method, parameter annotations, returns text).
_udfs = {}
_FUNCTION = type(lambda: None)


def start(settings):
    """Sets sys.path, loads every module under python/ (so their hooks register) and the plugins."""
    s = _wire.decode(settings)
    _state["python_dir"] = s["python_dir"]
    _state["root"] = s["root"]
    for path in reversed([s["python_dir"], s["root"], *s["paths"]]):
        if path not in sys.path:
            sys.path.insert(0, path)
    from mxcp import _sandbox
    if not s["network"]:
        _sandbox.deny_network()
    if not s["processes"]:
        _sandbox.deny_processes()
    _preload(s["python_dir"])
    _load_plugins(s["plugins"])


def _preload(python_dir):
    if not os.path.isdir(python_dir):
        return
    for folder, dirs, files in os.walk(python_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for file in sorted(files):
            if file.endswith(".py") and not file.startswith("_"):
                path = os.path.join(folder, file)
                try:
                    _module(path)
                except BaseException as e:
                    _host.log("warning", f"Failed to load {_relative(path)}: {type(e).__name__}: {e}")


def _load_plugins(plugins):
    """MXCP's plugin loading: module holds class MXCPPlugin, built with its user-config settings. A plugin that
    does not load stops the worker, as it stops MXCP's runtime: the project does not run without it."""
    for spec in plugins:
        if spec.get("error"):
            raise RuntimeError(f"Failed to load plugin '{spec['name']}': {spec['error']}")
        try:
            module = importlib.import_module(spec["module"])
            plugin_class = getattr(module, "MXCPPlugin", None)
            if plugin_class is None:
                raise ImportError(f"module '{spec['module']}' has no class MXCPPlugin")
            plugin = plugin_class(spec["config"])
            runtime.plugins._instances[spec["name"]] = plugin
        except Exception as e:
            raise RuntimeError(f"Failed to load plugin '{spec['name']}': {type(e).__name__}: {e}") from None
        _define_udfs(spec["name"], plugin)


# The DuckDB types whose values cross as themselves, the others as JSON (the host's SqlFunctions.DIRECT).
_DIRECT = {"VARCHAR", "INTEGER", "DOUBLE", "BOOLEAN"}


def _define_udfs(instance, plugin):
    """MXCP's naming: method <m> of plugin instance <name> is the SQL function <m>_<name>."""
    import inspect
    from typing import get_type_hints
    try:
        for d in plugin.udfs():
            method = d["method"]
            hints = get_type_hints(getattr(method, "__func__", method))
            names = list(inspect.signature(method).parameters)
            params = [(t not in _DIRECT, _converter(hints.get(p))) for p, t in zip(names, d["args"])]
            _udfs[f"{d['name']}_{instance}"] = (method, params, d["return_type"], list(d["args"]))
    except Exception as e:
        _host.log("error", f"The @udf functions of plugin '{instance}' are not defined: {type(e).__name__}: {e}")


def _udf_signatures():
    """[name, argument types, return type] of every plugin function, for the host to define in DuckDB."""
    return [[name, u[3], u[2]] for name, u in _udfs.items()]


def _udf(function, columns, count):
    """Runs a plugin function on columns of arguments (None for NULL): one result per row (None for NULL). Values
    of the _DIRECT types cross as themselves, the others as JSON (each column's parsed at once: GraalPy's
    json.loads costs far more per call than per value)."""
    from json import dumps, loads
    method, params, return_type, _ = _udfs[function]
    args = [list(row) for row in zip(*columns)] if columns else [[] for _ in range(count)]
    for c, (is_json, convert) in enumerate(params):
        if is_json:
            present = [i for i, row in enumerate(args) if row[c] is not None]
            if present:
                values = loads("[" + ",".join([args[i][c] for i in present]) + "]")
                for i, value in zip(present, values):
                    args[i][c] = convert(value)
    out = []
    for row in args:
        result = method(*row)
        if result is None:
            out.append(None)
        elif return_type == "VARCHAR":
            out.append(result if type(result) is str else str(result))
        elif return_type == "DOUBLE":
            out.append(float(result) if type(result) is int else result)
        elif return_type in _DIRECT:
            out.append(result)
        else:
            out.append(dumps(result, default=_json_default))
    return out


def _same(value):
    return value


def _converter(annotation):
    """How a value decoded from DuckDB's JSON becomes what the annotation asks for (the types DuckDB's Python
    functions receive); made once per parameter."""
    import datetime
    import decimal
    import typing
    from mxcp.plugins import _unwrap
    if annotation is None:
        return _same
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        item = _converter((typing.get_args(annotation) or (None,))[0])
        return _same if item is _same else (lambda v: None if v is None else [item(x) for x in v])
    if origin is dict:
        key_type, value_type = typing.get_args(annotation) or (None, None)
        key, item = _map_key(key_type), _converter(value_type)
        return lambda v: None if v is None else {key(k): item(x) for k, x in v.items()}
    if annotation is float:
        return lambda v: float(v) if type(v) is int else v
    if annotation is decimal.Decimal:
        return lambda v: None if v is None else decimal.Decimal(str(v))
    parse = {datetime.datetime: datetime.datetime.fromisoformat, datetime.date: datetime.date.fromisoformat,
             datetime.time: datetime.time.fromisoformat}.get(annotation)
    if parse is not None:
        return lambda v: parse(v) if type(v) is str else v
    if isinstance(annotation, type) and annotation not in (str, int, bool, bytes, datetime.timedelta):
        fields = {k: _converter(t) for k, t in typing.get_type_hints(annotation).items()}
        if fields:
            return lambda v: None if v is None else {k: fields.get(k, _same)(x) for k, x in v.items()}
    return _same


def _map_key(annotation):
    """JSON keys are text: a MAP's INTEGER or DOUBLE keys come back as numbers."""
    if annotation in (int, float):
        return lambda k: annotation(k) if type(k) is str else k
    return _converter(annotation)


def _json_default(value):
    """What json cannot write: dates and times as ISO text, Decimal as text (both cast exactly by DuckDB),
    dataclasses and other objects as their fields, sets and tuples as lists."""
    import dataclasses
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "__dict__"):
        return vars(value)
    return str(value)


def _relative(path):
    root = _state["root"]
    return os.path.relpath(path, root) if root and path.startswith(root + os.sep) else path


def _module(path):
    module = _modules.get(path)
    if module is not None:
        return module
    python_dir = _state["python_dir"]
    if path.startswith(python_dir + os.sep):
        # Under python/ a module has its package name, so `from utils.x import y` finds the same module.
        name = os.path.relpath(path, python_dir)[:-3].replace(os.sep, ".")
        module = importlib.import_module(name)
    else:
        from importlib import util
        stem = os.path.splitext(os.path.basename(path))[0]
        name = f"_mxcp_endpoint_{stem}_{len(_modules)}"
        spec = util.spec_from_file_location(name, path)
        module = util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    _modules[path] = module
    return module


def _resource_function(module, path):
    """MXCP's rule for resources: main, else the function named like the file, else the first public one."""
    stem = os.path.splitext(os.path.basename(path))[0]
    for name in ("main", stem):
        if callable(getattr(module, name, None)):
            return getattr(module, name)
    for name, value in vars(module).items():
        if not name.startswith("_") and type(value) is _FUNCTION and value.__module__ == module.__name__:
            return value
    raise AttributeError(f"{_relative(path)} defines no function for this resource (main, {stem}, or any)")


class _ScriptStream:
    """A script's stdout or stderr, handed to the host as written (mxcp exec prints it on its own)."""

    def __init__(self, level):
        self._level = level

    def write(self, text):
        if text:
            _host.log(self._level, str(text))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def _run_script(path, source, argv):
    """mxcp exec: runs a standalone script as __main__ with sys.argv [path, *argv]; answers its exit code."""
    import types
    main = types.ModuleType("__main__")
    main.__file__ = path
    saved = sys.argv, sys.stdout, sys.stderr, sys.modules.get("__main__")
    sys.argv = [path, *argv]
    sys.stdout, sys.stderr = _ScriptStream("notice"), _ScriptStream("alert")
    sys.modules["__main__"] = main
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        exec(compile(source, path, "exec"), main.__dict__)
        return 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            return e.code or 0
        sys.stderr.write(f"{e.code}\n")
        return 1
    finally:
        sys.argv, sys.stdout, sys.stderr = saved[0], saved[1], saved[2]
        if saved[3] is not None:
            sys.modules["__main__"] = saved[3]


# Calls of the host's own that come through call() with no endpoint file: completion hooks, plugin functions,
# mxcp exec's scripts.
_HOST_CALLS = {"completion": runtime._complete, "completion_keys": runtime._completion_keys,
               "udf": _udf, "udf_signatures": _udf_signatures, "script": _run_script}


def _function(kind, path, name):
    host_call = _HOST_CALLS.get(kind)
    if host_call is not None:
        return host_call
    key = (kind, path, name)
    function = _functions.get(key)
    if function is None:
        module = _module(path)
        if kind == "resource":
            function = _resource_function(module, path)
        else:
            function = getattr(module, name, None)
            if not callable(function):
                raise AttributeError(f"{_relative(path)} has no function '{name}' (it must be named like the {kind})")
        _functions[key] = function
    return function


def run_coroutine(coroutine):
    """Runs a coroutine to its end on this worker's event loop (made on first use)."""
    loop = _state["loop"]
    if loop is None or loop.is_closed():
        import asyncio
        loop = _state["loop"] = asyncio.new_event_loop()
    return loop.run_until_complete(coroutine)


def _failed(e):
    """Keeps the traceback for the host, without this module's own frame on top."""
    import traceback
    tb = e.__traceback__
    if tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    _state["last_error"] = "".join(traceback.format_exception(type(e), e, tb))


def call(kind, path, name, args):
    """Calls the endpoint's function with the arguments as keywords; a coroutine is run to its end."""
    try:
        function = _function(str(kind), str(path), str(name))
        result = function(**_wire.decode(args))
        if hasattr(result, "__await__"):
            result = run_coroutine(result)
        return result
    except Exception as e:
        _failed(e)
        raise
    except BaseException as e:
        # SystemExit and friends would end the whole context; the call fails instead, the worker lives on.
        _failed(e)
        raise RuntimeError(f"{type(e).__name__}: {e}") from None


def last_error():
    """The traceback of the last failed call, as Python prints it."""
    return _state["last_error"]


def run_init_hooks():
    runtime._run_hooks(runtime._init_hooks, "init")


def run_shutdown_hooks(final):
    """Shutdown hooks; when the worker stops for good (not for a reload), plugins' shutdown() too."""
    runtime._run_hooks(runtime._shutdown_hooks, "shutdown")
    if not final:
        return
    for name, plugin in list(runtime.plugins._instances.items()):
        try:
            plugin.shutdown()
        except Exception as e:
            _host.log("error", f"Error shutting down plugin '{name}': {type(e).__name__}: {e}")


def run_payload(token):
    """Runs a reload payload registered by reload_duckdb; a failure is logged with its traceback."""
    payload = runtime._payloads.pop(token, None)
    if payload is None:
        return
    try:
        result = payload()
        if hasattr(result, "__await__"):
            run_coroutine(result)
    except Exception as e:
        _failed(e)
        _host.log("error", f"The reload payload {getattr(payload, '__name__', '')} failed: "
                           f"{type(e).__name__}: {e}\n{_state['last_error']}")
