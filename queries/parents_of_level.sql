-- Every area of one level with its parent's id and name.
SELECT a.area_id, a.parent_id, p.name AS parent_name
FROM areas a LEFT JOIN areas p ON p.area_id = a.parent_id
WHERE a.level = $level
