"""MXCP's execution context of the current call."""
from mxcp.sdk.executor.context import ExecutionContext, get_execution_context

__all__ = ["ExecutionContext", "get_execution_context"]
