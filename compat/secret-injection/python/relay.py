from mxcp.runtime import config


def read_relay_secrets() -> dict:
    """The secrets as Python sees them: ${...} references resolved, every type readable."""
    auth = config.get_secret("relay_auth")
    headers = config.get_secret("relay_headers")
    station = config.get_secret("station_key")
    return {
        "bearer": auth["BEARER_TOKEN"],
        "headers": headers["EXTRA_HTTP_HEADERS"],
        "station_key": station["key"],
        "station_endpoint": config.get_secret("station_key", "endpoint"),
    }
