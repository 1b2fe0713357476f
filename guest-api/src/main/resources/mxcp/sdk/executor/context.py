"""mxcp.sdk.executor.context: MXCP's ExecutionContext, read from the host for the current call."""
from mxcp.sdk.auth.context import get_user_context


class ExecutionContext:
    """Key-value data of the call ("request_headers", "user_config", "site_config", "transport") and its user."""

    def __init__(self):
        from mxcp import runtime
        self.user_context = get_user_context()
        self._data = {
            "request_headers": runtime.request.headers,
            "user_config": runtime.config.user_config,
            "site_config": runtime.config.site_config,
            "transport": None,
        }

    def get(self, key, default=None):
        return self._data.get(key, default)

    def set(self, key, value):
        self._data[key] = value

    update = set

    @property
    def user_id(self):
        return self.user_context.user_id if self.user_context else None

    @property
    def username(self):
        return self.user_context.username if self.user_context else None

    @property
    def provider(self):
        return self.user_context.provider if self.user_context else None

    @property
    def external_token(self):
        return self.user_context.external_token if self.user_context else None

    @property
    def email(self):
        return self.user_context.email if self.user_context else None

    def has_user_info(self):
        return self.user_context is not None and self.user_context.username is not None


def get_execution_context():
    """The context of the current call."""
    return ExecutionContext()
