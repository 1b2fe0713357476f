// Demo tables for the walk-through, as views over the CSV files in datasets/, created when a worker starts
// so the example runs from a fresh checkout (a real project builds its tables with dbt or a load job).
import { db, onInit } from "mxcp:runtime";

const VIEWS = {
  users: `SELECT * FROM read_csv('datasets/users.csv', header = true, columns = {'id': 'INTEGER',
          'name': 'VARCHAR', 'email': 'VARCHAR', 'department': 'VARCHAR', 'created_at': 'TIMESTAMP'})`,
  orders: `SELECT * FROM read_csv('datasets/user_orders.csv', header = true, columns = {'id': 'INTEGER',
           'user_id': 'INTEGER', 'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR', 'created_at': 'TIMESTAMP'})`,
  cache_table: "SELECT key, value FROM read_csv('datasets/lookup.csv', header = true)",
};

onInit(function createDemoViews() {
  for (const [name, query] of Object.entries(VIEWS)) {
    try {
      db.execute(`CREATE VIEW IF NOT EXISTS ${name} AS ${query}`);
    } catch (e) {
      // Another worker may be creating the same view right now; it only has to exist once.
      if (!String(e.message).includes("Catalog write-write conflict")) throw e;
    }
  }
});
