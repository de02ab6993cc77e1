-- Values of one indicator for one year at one level, with the area population for suppression.
SELECT v.area_id, a.name, v.value, v.numerator, v.denominator, v.estimate, p.value AS population
FROM area_values v
JOIN areas a ON a.area_id = v.area_id
LEFT JOIN area_values p
  ON p.area_id = v.area_id AND p.year = v.year AND p.indicator_id = $population_indicator
WHERE v.indicator_id = $indicator_id AND v.year = $year AND v.level = $level
ORDER BY v.area_id
