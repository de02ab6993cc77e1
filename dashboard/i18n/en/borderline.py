"""English strings: borderline (issue 17)."""
STRINGS: dict[str, str] = {
}
