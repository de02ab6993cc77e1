"""Report assembly: plain data (DataFrames, dataclasses) for the views, built from a Monitor; no Dash."""
