SELECT id, order_date, amount, status
FROM read_csv('datasets/orders.csv', header = true,
    columns = {'id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'DATE',
               'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR'})
WHERE customer_id = $customer_id
ORDER BY order_date
