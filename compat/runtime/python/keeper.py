"""The lighthouse keeper's tools: each exercises one part of mxcp.runtime."""
from mxcp.runtime import config, db, on_init, on_shutdown, plugins

_log_opened_by = None


@on_init
def open_logbook():
    """Runs before any tool: creates and fills a table the tools read, and leaves a module global."""
    global _log_opened_by
    greeting = db.execute("SELECT 'keeper on duty' AS note")
    _log_opened_by = greeting[0]["note"]
    db.execute("CREATE OR REPLACE TABLE logbook (watch INTEGER, entry VARCHAR)")
    db.execute("INSERT INTO logbook VALUES (1, 'lamp lit'), (2, 'fog horn tested')")


@on_shutdown
def close_logbook():
    """Runs when the project stops; the database is still open: it drops the table and signs off."""
    db.execute("DROP TABLE IF EXISTS logbook")
    db.execute("CREATE TABLE IF NOT EXISTS sign_offs (signed TIMESTAMP)")
    db.execute("INSERT INTO sign_offs VALUES (now())")


def read_logbook() -> dict:
    rows = db.execute("SELECT watch, entry FROM logbook ORDER BY watch")
    return {"opened_by": _log_opened_by, "entries": rows}


def query_tower() -> dict:
    plain = db.execute("SELECT 7 AS lamps, 'granite' AS walls")
    bound = db.execute("SELECT $keeper AS keeper, $years AS years", {"keeper": "Ines", "years": 12})
    secrets = db.execute("SELECT name, type FROM duckdb_secrets() ORDER BY name")
    try:
        raw_connection = db.connection is not None
    except Exception:
        raw_connection = False
    return {
        "plain": plain,
        "bound": bound,
        "duckdb_secret_names": [s["name"] for s in secrets],
        "raw_connection": raw_connection,
    }


def read_secrets() -> dict:
    pin = config.get_secret("harbor_pin")
    feed = config.get_secret("tide_feed")
    bucket = config.get_secret("coast_bucket")
    return {
        "pin": pin["value"],
        "feed_bearer": feed["BEARER_TOKEN"],
        "feed_headers": feed["EXTRA_HTTP_HEADERS"],
        "bucket_region": bucket["REGION"],
        "bucket_key_id": bucket["ACCESS_KEY_ID"],
        "unknown_is_none": config.get_secret("no_such_secret") is None,
    }


def read_settings() -> dict:
    return {
        "project": config.get_setting("project"),
        "profile": config.get_setting("profile"),
        "mxcp": config.get_setting("mxcp"),
        "secrets": config.get_setting("secrets"),
        "missing": config.get_setting("no_such_setting", "fallback"),
        "missing_without_default": config.get_setting("no_such_setting"),
    }


def read_config_views() -> dict:
    user_cfg = config.user_config
    site_cfg = config.site_config
    profile = user_cfg["projects"]["lighthouse_keeper"]["profiles"]["watch"]
    return {
        "user_is_dict": isinstance(user_cfg, dict),
        "site_is_dict": isinstance(site_cfg, dict),
        "user_projects": list(user_cfg["projects"].keys()),
        "user_secret_count": len(profile["secrets"]),
        "site_project": site_cfg["project"],
        "site_secret_count": len(site_cfg["secrets"]),
    }


def call_plugin() -> dict:
    beacon = plugins.get("beacon")
    return {
        "loaded": plugins.list(),
        "flash": beacon.flash(3),
        "unknown_is_none": plugins.get("foghorn") is None,
    }


def bad_queries() -> dict:
    try:
        db.execute("SELEKT lamps FROM tower")
        invalid = None
    except Exception as e:
        invalid = str(e)
    try:
        none_params = db.execute("SELECT 1 AS one", None)[0]["one"]
    except Exception as e:
        none_params = str(e)
    return {
        "invalid_sql_error": invalid,
        "error_names_the_statement": "SELEKT" in (invalid or ""),
        "none_params": none_params,
    }
