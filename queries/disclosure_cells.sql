-- Every value of the dataset with the area's population in that year: the input of disclosure control.
SELECT v.area_id, v.level, v.indicator_id, v.year, v.value, v.numerator, v.denominator, v.estimate, p.value AS population
FROM area_values v
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
ORDER BY v.indicator_id, v.year, v.area_id
