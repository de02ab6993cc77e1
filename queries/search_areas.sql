-- Areas whose name or id contains the search text (case-insensitive), smallest levels last.
SELECT area_id, level, name
FROM areas
WHERE level <> 'stadt' AND (lower(name) LIKE '%' || lower($text) || '%' OR area_id LIKE $text || '%')
ORDER BY CASE WHEN lower(name) LIKE lower($text) || '%' THEN 0 ELSE 1 END, length(name), area_id
LIMIT $limit
