-- The benchmark's table: 10,000 items looked up by primary key (an index scan).
CREATE OR REPLACE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR, price DECIMAL(8,2));
INSERT INTO items SELECT i, 'item-' || i, (i % 1000) / 10.0 FROM range(1, 10001) t(i);
