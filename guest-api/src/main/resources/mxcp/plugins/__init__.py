"""MXCP plugins: a plugin is a module with class MXCPPlugin(MXCPBasePlugin), listed under `plugin:` in
mxcp-site.yml and built with its user-config settings. Python endpoints reach instances through
mxcp.runtime.plugins. (On the JVM host, @udf methods are not registered as DuckDB functions.)"""

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
        """The names of the methods marked @udf."""
        return [name for name in dir(type(self)) if getattr(getattr(type(self), name), "_is_udf", False)]

    def shutdown(self):
        """Called when the server stops; override to release resources."""
        for hook in list(_shutdown_hooks):
            hook()
