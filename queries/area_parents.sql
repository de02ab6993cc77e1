-- Every area with its parent (NULL for the city): the hierarchy of the additive relations.
SELECT area_id, parent_id
FROM areas
ORDER BY area_id
