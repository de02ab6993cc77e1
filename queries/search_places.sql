-- Places (Ortsteil, postcode, street, colloquial name) whose search key contains $key: exact matches first, then
-- prefix, then contains; per place its addresses (weight), its areas and its postcodes (dashboard/gazetteer.py).
SELECT kind, name, string_agg(DISTINCT postcode, ', ' ORDER BY postcode) AS postcodes, sum(weight) AS weight,
       count(DISTINCT area_id) AS areas, min(area_id) AS area_id,
       min(CASE WHEN key = $key THEN 0 WHEN starts_with(key, $key) THEN 1 ELSE 2 END) AS rank
FROM gazetteer
WHERE kind <> 'adresse' AND contains(key, $key) AND ($postcode IS NULL OR kind <> 'strasse' OR postcode = $postcode)
GROUP BY kind, name
ORDER BY rank, CASE kind WHEN 'plz' THEN 0 WHEN 'ortsteil' THEN 1 WHEN 'alias' THEN 2 ELSE 3 END, weight DESC, name
LIMIT $limit
