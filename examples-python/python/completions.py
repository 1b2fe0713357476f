"""Completion hooks: what an MCP client offers while its user fills in an argument of a prompt or of a
resource template (MCP's completion/complete). Without a hook, the parameter's enum or examples are offered."""
from mxcp.runtime import completion, db

CUSTOMERS = "read_csv('datasets/customers.csv', header = true)"


@completion(argument="customer_id", resource="customers://{customer_id}/orders")
def customer_ids(value, context):
    """Customer ids starting with what was typed: "1" offers 1, 10, 11..."""
    rows = db.execute(f"SELECT CAST(id AS VARCHAR) AS id FROM {CUSTOMERS} "
                      "WHERE CAST(id AS VARCHAR) LIKE $typed || '%' ORDER BY id", {"typed": value})
    return [row["id"] for row in rows]


@completion(argument="name", prompt="customer_email")
def customer_names(value, context):
    """Customer names starting with what was typed, ignoring case."""
    rows = db.execute(f"SELECT name FROM {CUSTOMERS} WHERE lower(name) LIKE lower($typed) || '%' ORDER BY name",
                      {"typed": value})
    return [row["name"] for row in rows]
