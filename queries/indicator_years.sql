-- Years in which each indicator has values, per level. A year with only counts (a denominator
-- without numerator, so no value) is no year of the indicator: the slider must not offer an
-- all-grey map (issue 15).
SELECT indicator_id, level, list(DISTINCT year ORDER BY year) AS years
FROM area_values
WHERE value IS NOT NULL
GROUP BY indicator_id, level
