from mxcp.runtime import db, config, on_init, on_shutdown

# Global state (use sparingly)
_cache = {}
_model = None

@on_init
def initialize():
    """Called when the server starts."""
    global _cache, _model
    print("Initializing service...")

    # Load ML model
    # _model = load_model("path/to/model")

    # Pre-populate cache
    _cache = {}

    print("Service initialized")

@on_shutdown
def cleanup():
    """Called when the server stops."""
    global _cache, _model
    print("Cleaning up service...")

    # Save state
    _cache.clear()
    _model = None

    print("Service cleaned up")

def cached_lookup(key: str) -> dict:
    """Tool that uses the cache."""
    if key in _cache:
        return {"source": "cache", "value": _cache[key]}

    # Fetch from database
    results = db.execute(
        "SELECT value FROM cache_table WHERE key = $key",
        {"key": key}
    )

    if results:
        _cache[key] = results[0]["value"]
        return {"source": "database", "value": results[0]["value"]}

    return {"source": "none", "value": None}
