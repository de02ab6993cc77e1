-- All indicators of one area over all years, with counts and the area population for suppression.
SELECT v.indicator_id, v.year, v.value, v.numerator, v.denominator, v.estimate, p.value AS population
FROM area_values v
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
WHERE v.area_id = $area_id
ORDER BY v.indicator_id, v.year
