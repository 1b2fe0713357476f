from mxcp.runtime import db

def get_total() -> dict:
    results = db.execute("SELECT SUM(amount) as total FROM orders")
    return {"total": results[0]["total"] if results else 0}
