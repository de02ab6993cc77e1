"""Ingest: the only writer of dataset folders (validate, build into a temporary folder, swap atomically)."""
