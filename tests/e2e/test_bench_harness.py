"""The browser benchmark never hangs (issue 16): a page that blocks its main thread is aborted at the
Python-side deadline (the watchdog kills the browser), the browser comes back for the next measurement,
and the probe ends a wait whose map never comes by its own timer.

The check runs in a process of its own: the harness starts its own Playwright, which cannot run inside the
suite's (the session browser's event loop is already running in this process)."""
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_hung_page_is_aborted_and_the_browser_relaunched():
    done = subprocess.run([sys.executable, __file__], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and "harness ok" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]


def check_harness() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chrome = browser.Chrome(pw)
        try:
            context, page, _net, _errors = browser.new_page(chrome, 10)
            page.set_content("<p>x</p>")
            started = time.monotonic()
            with pytest.raises(browser.Aborted) as stopped:
                with chrome.deadline(2, "hängende Seite"):
                    page.evaluate("() => { while (true) {} }")  # no Playwright timeout applies to this
            assert time.monotonic() - started < 15
            record = stopped.value.record()
            assert record["status"] == "abgebrochen" and "hängende Seite" in record["why"]
            browser.close_context(chrome, context)  # a dead browser's context: no hang, no error

            context, page, _net, _errors = browser.new_page(chrome, 10)  # relaunched
            assert chrome.launches == 2
            page.set_content("<p>y</p>")
            page.evaluate("(o) => window.__qmBench.waitPlotly(o)",
                          {"graphId": "graph", "key": "k", "since": 0, "recolour": False, "timeout": 300})
            result = browser.wait_result(page, 1)
            assert result["timeout"] is True and result["state"]["graph"] is False
            browser.close_context(chrome, context)
        finally:
            chrome.close()
    print("harness ok")


if __name__ == "__main__":
    check_harness()
