"""English texts of the import's checks shown in the app (issue 15). The import's own messages are German only
(docs/ingest.md: the people who run an import read German); nothing of the checks reaches the interface yet."""
STRINGS: dict[str, str] = {}
