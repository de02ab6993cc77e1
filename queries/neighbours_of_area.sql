-- The neighbours of one area (same level, longest shared border first), computed at import.
SELECT neighbours FROM areas WHERE area_id = $area_id
