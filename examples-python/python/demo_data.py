"""Demo tables for the tutorial endpoints, as views over the CSV files in datasets/.

A real project builds its tables with dbt or a load job; this example creates views when a worker
starts so that it runs from a fresh checkout. (MXCP's docs keep lifecycle hooks for Python resources;
this hook only makes sure the demo's views exist.)
"""
from mxcp.runtime import db, on_init

VIEWS = {
    "users": "SELECT * FROM read_csv('datasets/users.csv', header = true, columns = {'id': 'INTEGER', "
             "'name': 'VARCHAR', 'email': 'VARCHAR', 'department': 'VARCHAR', 'created_at': 'TIMESTAMP'})",
    "orders": "SELECT * FROM read_csv('datasets/user_orders.csv', header = true, columns = {'id': 'INTEGER', "
              "'user_id': 'INTEGER', 'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR', 'created_at': 'TIMESTAMP'})",
    "employees": "SELECT id, name, email, department FROM users",
    "cache_table": "SELECT key, value FROM read_csv('datasets/lookup.csv', header = true)",
    "data": "SELECT key, value FROM read_csv('datasets/lookup.csv', header = true)",
}


@on_init
def create_demo_views():
    for name, query in VIEWS.items():
        try:
            db.execute(f"CREATE VIEW IF NOT EXISTS {name} AS {query}")
        except Exception as e:
            # Another worker may be creating the same view right now; it only has to exist once.
            if "Catalog write-write conflict" not in str(e):
                raise
