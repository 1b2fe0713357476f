from mxcp.runtime import db


def noop() -> int:
    """An empty body: its call time is the host's overhead."""
    return 1


def small_dict(name: str, count: int) -> dict:
    """A typical small tool: arguments in, a dict out."""
    return {"name": name, "count": count, "ok": True}


def one_query(n: int) -> list:
    """One db.execute and its rows back."""
    return db.execute("SELECT $n AS n, 'x' AS label", {"n": n})
