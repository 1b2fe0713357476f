SELECT * FROM (VALUES ('Mercury', 1), ('Venus', 2), ('Earth', 3)) AS p(planet, position)
WHERE position <= $upto
ORDER BY position
