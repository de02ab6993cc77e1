-- All areas of one level (id, name, parent) for pickers and lists.
SELECT area_id, name, parent_id FROM areas WHERE level = $level ORDER BY area_id
