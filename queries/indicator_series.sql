-- One indicator at one level over all years, with counts and the area population for suppression.
SELECT v.area_id, v.year, v.value, v.numerator, v.denominator, v.estimate, p.value AS population
FROM area_values v
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
WHERE v.indicator_id = $indicator_id AND v.level = $level
ORDER BY v.area_id, v.year
