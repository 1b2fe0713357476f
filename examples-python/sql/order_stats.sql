SELECT count(*) AS orders,
       sum(amount) AS revenue,
       min(order_date) AS first_order,
       max(order_date) AS last_order
FROM read_csv('datasets/orders.csv', header = true,
    columns = {'id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'DATE',
               'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR'})
WHERE order_date BETWEEN $start_date AND $end_date
  AND status = 'shipped'
