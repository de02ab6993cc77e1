-- The counts behind every share and rate (numerator and denominator), for intervals and tests of change
-- (dashboard/methods/uncertainty.py). Internal mode only reads them; public mode uses published counts.
SELECT area_id, indicator_id, year, numerator, denominator
FROM area_values
WHERE numerator IS NOT NULL AND denominator IS NOT NULL
