-- Values of the whole city (the root area) for one year, for comparison.
SELECT v.indicator_id, v.value
FROM area_values v
WHERE v.level = 'stadt' AND v.year = $year
