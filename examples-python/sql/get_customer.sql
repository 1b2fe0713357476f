SELECT c.id, c.name, c.email, c.country, c.joined
FROM read_csv('datasets/customers.csv', header = true,
    columns = {'id': 'INTEGER', 'name': 'VARCHAR', 'email': 'VARCHAR', 'country': 'VARCHAR', 'joined': 'DATE'}) AS c
WHERE c.id = $id
