-- Addresses of a street (its key exactly first, then as a prefix) whose house number starts with $number (the
-- number itself first), optionally in one postcode, with the area each lies in (dashboard/gazetteer.py).
SELECT g.name, g.number, g.postcode, g.area_id, a.name AS area_name
FROM gazetteer AS g
JOIN areas AS a ON a.area_id = g.area_id
WHERE g.kind = 'adresse' AND starts_with(g.key, $street) AND starts_with(g.number_key, $number)
  AND ($postcode IS NULL OR g.postcode = $postcode)
ORDER BY CASE WHEN g.key = $street THEN 0 ELSE 1 END, CASE WHEN g.number_key = $number THEN 0 ELSE 1 END,
         length(g.number_key), g.number_key, g.key, g.postcode, g.area_id
LIMIT $limit
