-- One area with its level, name and parent.
SELECT area_id, level, name, parent_id FROM areas WHERE area_id = $area_id
