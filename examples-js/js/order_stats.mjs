// 9. An SQL endpoint migrated to JavaScript: the same definition and tests as an SQL tool, the query now run
// from JS where more logic can follow. Dates arrive and leave as ISO strings.
import { db } from "mxcp:runtime";

const ORDERS = `read_csv('datasets/orders.csv', header = true,
    columns = {'id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'DATE',
               'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR'})`;

export function order_stats_js({ start_date, end_date }) {
  const [stats] = db.execute(`
      SELECT count(*) AS orders, sum(amount) AS revenue,
             min(order_date) AS first_order, max(order_date) AS last_order
      FROM ${ORDERS}
      WHERE order_date BETWEEN $start_date AND $end_date AND status = 'shipped'`, { start_date, end_date });
  return stats;
}
