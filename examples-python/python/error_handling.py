from mxcp.runtime import db
import logging

logger = logging.getLogger(__name__)

def safe_operation(param: str) -> dict:
    """Demonstrate proper error handling."""
    try:
        # Validate input
        if not param or len(param) < 3:
            return {
                "status": "error",
                "error": "Parameter must be at least 3 characters"
            }

        # Database operation - db.execute returns list[dict]
        results = db.execute(
            "SELECT * FROM data WHERE key = $key",
            {"key": param}
        )

        if not results:
            return {
                "status": "not_found",
                "error": f"No data found for key: {param}"
            }

        return {
            "status": "success",
            "data": results[0]
        }

    except Exception as e:
        logger.error(f"Operation failed: {e}")
        return {
            "status": "error",
            "error": "An internal error occurred"
        }

def strict_divide(a: float, b: float) -> float:
    """An unhandled exception: the call fails with "ValueError: ..." naming the tool (--debug shows the traceback)."""
    if b == 0:
        raise ValueError("cannot divide by zero")
    return a / b
