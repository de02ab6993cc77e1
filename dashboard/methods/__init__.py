"""Pure domain methods: plain data in, plain data out. No Dash, no DuckDB, no I/O."""
