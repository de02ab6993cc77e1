-- Rows of the dataset's gazetteer (0 without one: the search then offers areas only).
SELECT count(*) FROM gazetteer
