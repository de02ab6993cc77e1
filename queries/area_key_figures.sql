-- All indicator values of one area in one year, with the area population for suppression.
SELECT v.indicator_id, v.value, v.numerator, v.denominator, v.estimate, p.value AS population
FROM area_values v
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
WHERE v.area_id = $area_id AND v.year = $year
