"""Who is calling: MXCP's UserContextModel and get_user_context()."""
from mxcp.sdk.auth.context import UserContextModel, get_user_context

__all__ = ["UserContextModel", "get_user_context"]
