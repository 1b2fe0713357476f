"""tools/order_stats.yml migrated from SQL to Python: the same definition and tests (see
tools/order-stats-python.yml), the query now run from Python, where more logic could follow."""
from mxcp.runtime import db

ORDERS = """read_csv('datasets/orders.csv', header = true,
    columns = {'id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'DATE',
               'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR'})"""


def order_stats_python(start_date, end_date) -> dict:
    """Shipped orders and revenue between two dates (inclusive)."""
    results = db.execute(f"""
        SELECT count(*) AS orders, sum(amount) AS revenue,
               min(order_date) AS first_order, max(order_date) AS last_order
        FROM {ORDERS}
        WHERE order_date BETWEEN $start_date AND $end_date AND status = 'shipped'
    """, {"start_date": start_date, "end_date": end_date})
    return results[0]
