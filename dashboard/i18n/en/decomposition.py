"""English strings: decomposition (issue 17)."""
STRINGS: dict[str, str] = {
}
