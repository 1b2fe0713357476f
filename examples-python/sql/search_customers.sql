-- Customers of one country with at least $min_orders orders (cancelled ones don't count).
WITH customers AS (
    SELECT * FROM read_csv('datasets/customers.csv', header = true,
        columns = {'id': 'INTEGER', 'name': 'VARCHAR', 'email': 'VARCHAR', 'country': 'VARCHAR', 'joined': 'DATE'})
), orders AS (
    SELECT * FROM read_csv('datasets/orders.csv', header = true,
        columns = {'id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'DATE',
                   'amount': 'DECIMAL(10,2)', 'status': 'VARCHAR'})
    WHERE status <> 'cancelled'
)
SELECT c.id, c.name, c.country, count(o.id) AS order_count
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
WHERE c.country = $country
GROUP BY ALL
HAVING count(o.id) >= $min_orders
ORDER BY c.id
