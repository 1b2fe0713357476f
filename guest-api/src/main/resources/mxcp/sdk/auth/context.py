"""mxcp.sdk.auth.context: the caller of the current call, as MXCP's SDK describes it."""
from mxcp import _wire


class UserContextModel:
    """The authenticated user: provider, ids, profile fields and the external OAuth token."""

    def __init__(self, provider=None, user_id=None, username=None, email=None, name=None,
                 avatar_url=None, raw_profile=None, external_token=None, capabilities=None):
        self.provider = provider
        self.user_id = user_id
        self.username = username
        self.email = email
        self.name = name
        self.avatar_url = avatar_url
        self.raw_profile = raw_profile or {}
        self.external_token = external_token
        self.capabilities = capabilities or []

    def __repr__(self):
        return f"UserContextModel(provider={self.provider!r}, user_id={self.user_id!r}, username={self.username!r})"


def get_user_context():
    """The current caller, or None when the call has no user."""
    profile = _wire.decode(_host.user())
    return None if profile is None else UserContextModel(**profile)
