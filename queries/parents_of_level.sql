-- Every area of one level with its parent id.
SELECT area_id, parent_id FROM areas WHERE level = $level
