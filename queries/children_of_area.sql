-- The direct children of one area (id, level, name), e.g. the Bezirksregionen of a Bezirk.
SELECT area_id, level, name FROM areas WHERE parent_id = $area_id ORDER BY area_id
