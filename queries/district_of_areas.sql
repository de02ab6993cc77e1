-- For every area of one level, its ancestor at the top level (walking up the parent chain).
WITH RECURSIVE up(area_id, ancestor_id) AS (
  SELECT area_id, parent_id FROM areas WHERE level = $level
  UNION ALL
  SELECT up.area_id, a.parent_id
  FROM up JOIN areas a ON a.area_id = up.ancestor_id
  WHERE a.level <> $top
)
SELECT up.area_id, up.ancestor_id
FROM up JOIN areas a ON a.area_id = up.ancestor_id
WHERE a.level = $top
