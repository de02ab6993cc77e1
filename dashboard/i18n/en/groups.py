"""English strings: groups (issue 17)."""
STRINGS: dict[str, str] = {
}
