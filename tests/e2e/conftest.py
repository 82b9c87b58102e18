"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


def assert_accessible(page):
    """axe-core finds no violation on the page as it stands."""
    # Evaluated through the DevTools protocol: the page's CSP rightly refuses injected scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    violations = [
        {"id": violation["id"], "help": violation["help"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in result["violations"]
    ]
    assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=2)}"


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def csp_violations(page):
    """Messages the browser logs when the Content-Security-Policy blocks something."""
    messages = []
    page.on("console", lambda message: "Content Security Policy" in message.text and messages.append(message.text))
    return messages


@pytest.fixture(autouse=True)
def _short_timeouts(page):
    """Fail in seconds, not half a minute, when an element never comes."""
    page.set_default_timeout(10_000)
