"""Integration: the real app (create_app) on the demo data, callbacks called through Flask."""
from __future__ import annotations

import json

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from tests.conftest import DEMO_DIR, session_app, share_open_data


def make_app(mode: str = "internal"):
    """A fresh demo app (nothing cached yet); its open-data files are the session's (one build per mode)."""
    app = create_app(Settings(data_dir=DEMO_DIR, mode=mode, cache_dir=None))
    share_open_data(app)
    return app


@pytest.fixture(scope="session")
def app():
    """The session's internal demo app (also the callback fuzz's)."""
    return session_app(DEMO_DIR)


@pytest.fixture(scope="session")
def public_app():
    return session_app(DEMO_DIR, "public")


class CallbackClient:
    """Posts to /_dash-update-component exactly as the browser does."""

    def __init__(self, app):
        self.app = app
        self.client = app.server.test_client()

    def key_for(self, output_id: str, prop: str) -> str:
        for key in self.app.callback_map:
            if f"{output_id}.{prop}" in key.strip(".").split("..."):
                return key
        raise KeyError(f"{output_id}.{prop}")

    def call(self, output_id: str, prop: str, inputs: dict, state: dict | None = None, changed: list[str] | None = None):
        key = self.key_for(output_id, prop)
        spec = self.app.callback_map[key]
        def fill(items, values):
            return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")} for i in items]
        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")]
        payload = {
            "output": key,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": fill(spec["inputs"], inputs),
            "state": fill(spec.get("state", []), state or {}),
            "changedPropIds": changed or list(inputs)[:1],
        }
        response = self.client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
        return response


@pytest.fixture(scope="session")
def callbacks(app):
    return CallbackClient(app)


def download_texts(data: dict) -> list[str]:
    """The text of a dcc.Download's data: CSV lines (base64, UTF-8 with BOM) or every XLSX cell as text."""
    import base64
    import io

    if not data.get("base64"):
        return str(data["content"]).splitlines()
    content = base64.b64decode(data["content"])
    if data["filename"].endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        return [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert content.startswith(b"\xef\xbb\xbf"), f"{data['filename']}: CSV ohne Byte-Order-Mark"
    return content.decode("utf-8-sig").splitlines()
