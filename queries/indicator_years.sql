-- Years in which each indicator has values, per level.
SELECT indicator_id, level, list(DISTINCT year ORDER BY year) AS years
FROM area_values
GROUP BY indicator_id, level
