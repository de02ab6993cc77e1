-- The areas of the places whose search key is $key (a street optionally in one postcode), with the place's
-- addresses in each area (weight) and the postcodes there (dashboard/gazetteer.py, the /suche page).
SELECT g.kind, g.name, g.area_id, a.name AS area_name, a.level, sum(g.weight) AS weight,
       string_agg(DISTINCT g.postcode, ', ' ORDER BY g.postcode) AS postcodes
FROM gazetteer AS g
JOIN areas AS a ON a.area_id = g.area_id
WHERE g.kind <> 'adresse' AND g.key = $key AND ($postcode IS NULL OR g.kind <> 'strasse' OR g.postcode = $postcode)
GROUP BY g.kind, g.name, g.area_id, a.name, a.level
ORDER BY CASE g.kind WHEN 'plz' THEN 0 WHEN 'ortsteil' THEN 1 WHEN 'alias' THEN 2 ELSE 3 END, g.name, weight DESC, g.area_id
