# Evaluated by the host (not imported) in every new Python context: installs an import hook that serves
# the mxcp package from the host's class path, then imports the worker entry points. The expression on
# the last line is the value the host receives. Imports here are few and cheap: start-up time counts.
import sys
from importlib.machinery import ModuleSpec


# Top-level packages the host serves: mxcp, and the seed's import path for the MCP manager's bindings.
_HOST_PACKAGES = ("mxcp", "claude_optimized_deployment_rust")


class _HostModules:
    """Finds mxcp, mxcp.* (and the other _HOST_PACKAGES) in the host's resources; every such module gets the host bridge as _host.
    Also runs a patch right after a named standard module loads (the sandbox uses it for socket and asyncio)."""

    def __init__(self, host):
        self._host = host
        self._sources = {}
        self.patches = {}

    def find_spec(self, name, path=None, target=None):
        if name.split(".", 1)[0] in _HOST_PACKAGES:
            found = self._host.moduleSource(name)
            if found is None:
                return None
            self._sources[name] = (str(found[1]), str(found[2]))
            return ModuleSpec(name, self, origin=str(found[2]), is_package=bool(found[0]))
        patch = self.patches.pop(name, None)
        return None if patch is None else self._patched(name, path, target, patch)

    def _patched(self, name, path, target, patch):
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    load = spec.loader.exec_module

                    def exec_module(module):
                        load(module)
                        patch(module)

                    spec.loader.exec_module = exec_module
                    return spec
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        source, origin = self._sources.pop(module.__name__)
        module._host = self._host
        exec(compile(source, origin, "exec"), module.__dict__)


def _mxcp_install(host):
    sys.meta_path.insert(0, _HostModules(host))
    import mxcp._worker
    return mxcp._worker


_mxcp_install
