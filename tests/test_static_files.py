"""`make run` serves static files as production does: hashed names, compressed copies."""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process, because the settings are read from the environment once: collect
# the static files, then ask for the home page and its stylesheets as a browser would.
FIRST_PAGE_LOAD = r"""
import json, re, django
django.setup()
from django.core.management import call_command
from django.test import Client

call_command("collectstatic", interactive=False, verbosity=0)
# Empty tables straight from the models (quicker than running every migration).
from django.apps import apps
from django.conf import settings
settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")  # a host make run allows
page = client.get("/")
answers = {"page": page.status_code, "stylesheets": []}
for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.content.decode()):
    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    answers["stylesheets"].append({
        "href": href,
        "status": response.status_code,
        "encoding": response.get("Content-Encoding"),
        "cache": response.get("Cache-Control"),
        "body": b"".join(response.streaming_content).hex(),
    })
print(json.dumps(answers))
"""


def make_run_environment():
    """The variables the Makefile's `run` target exports (`run: export NAME ?= value`)."""
    makefile = (ROOT / "Makefile").read_text()
    exported = dict(re.findall(r"^run: export (\w+) \?= (.*)$", makefile, flags=re.MULTILINE))
    recipe = makefile.split("\nrun: ")[-1].split("\n\n")[0]
    assert "manage.py collectstatic --noinput" in recipe.split("honcho start")[0], (
        "make run collects static files first"
    )
    return exported


def test_make_run_serves_hashed_compressed_stylesheets(tmp_path):
    run_env = make_run_environment()
    assert run_env["DEBUG"] == "1" and run_env["SERVE_COLLECTED_STATIC"] == "1"
    unset = ("DEBUG", "SECRET_KEY", "REDIS_URL", "DATABASE_URL", "CELERY_TASK_ALWAYS_EAGER", "SERVE_COLLECTED_STATIC")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(
        {name: value for name, value in run_env.items() if "$" not in value},
        DJANGO_SETTINGS_MODULE="cop_platform.settings",
        DATABASE_URL="sqlite:///:memory:",
        STATIC_ROOT=str(tmp_path / "static"),
        CELERY_QUEUE_DIR=str(tmp_path / "queue"),
    )
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAGE_LOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["page"] == 200
    served = {re.sub(r"\.[0-9a-f]{12}\.css$", ".css", sheet["href"]): sheet for sheet in answers["stylesheets"]}
    assert set(served) == {"/static/vendor/bootstrap/bootstrap.min.css", "/static/css/site.css"}
    for plain_url, sheet in served.items():
        assert sheet["href"] != plain_url, "the URL carries the content hash"
        assert sheet["status"] == 200
        assert sheet["encoding"] in ("gzip", "br")
        assert "immutable" in sheet["cache"]
        source = (ROOT / "static" / plain_url.removeprefix("/static/")).read_bytes()
        body = bytes.fromhex(sheet["body"])
        assert len(body) < len(source) / 2
        if sheet["encoding"] == "gzip":
            assert gzip.decompress(body) == source
    bootstrap = served["/static/vendor/bootstrap/bootstrap.min.css"]
    assert len(bytes.fromhex(bootstrap["body"])) < 60_000  # 228 KB as it is in static/
