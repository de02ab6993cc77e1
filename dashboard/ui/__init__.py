"""Views: one module per view, each builds its layout and registers its own thin callbacks."""
