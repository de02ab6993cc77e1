-- The chain of parents of one area, nearest first.
WITH RECURSIVE chain(area_id, level, name, parent_id, depth) AS (
  SELECT area_id, level, name, parent_id, 0 FROM areas WHERE area_id = $area_id
  UNION ALL
  SELECT a.area_id, a.level, a.name, a.parent_id, c.depth + 1
  FROM areas a JOIN chain c ON a.area_id = c.parent_id
)
SELECT area_id, level, name FROM chain WHERE depth > 0 ORDER BY depth
