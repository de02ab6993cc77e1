"""English strings: uncertainty (issue 17)."""
STRINGS: dict[str, str] = {
}
