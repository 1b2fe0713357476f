SELECT login, name, department, email, salary, bank_account
FROM read_csv('datasets/employees.csv', header = true)
WHERE login = $login
