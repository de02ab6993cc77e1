-- The areas of one level that lie within a given area (walking down the parent chain).
WITH RECURSIVE down(area_id, level) AS (
  SELECT area_id, level FROM areas WHERE parent_id = $area_id
  UNION ALL
  SELECT a.area_id, a.level FROM areas a JOIN down d ON a.parent_id = d.area_id
)
SELECT area_id FROM down WHERE level = $level ORDER BY area_id
