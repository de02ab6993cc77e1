"""Entry point: `gunicorn app:server` (or `python -m dashboard serve`)."""
from dashboard import create_app

app = create_app()
server = app.server
