-- Values of one indicator at one level over all years (for class breaks fixed across years).
SELECT v.area_id, v.year, v.value, v.numerator, v.denominator, p.value AS population
FROM area_values v
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
WHERE v.indicator_id = $indicator_id AND v.level = $level
