"""Settings come from the environment, and production refuses unsafe ones."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cop.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run(args, **env):
    """Run a Python snippet or manage.py command with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "REDIS_URL", "EMAIL_URL", "DATABASE_URL", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def settings_value(expression, **env):
    result = run(["-c", f"import django; django.setup(); from django.conf import settings; print({expression})"],
                 DJANGO_SETTINGS_MODULE="cop_platform.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_to_start_with_the_development_key():
    result = run(["manage.py", "check"], DEBUG="0", ALLOWED_HOSTS="cop.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_a_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_uses_sqlite_and_a_filesystem_broker():
    assert settings_value("settings.DATABASES['default']['ENGINE']", DEBUG="1") == "django.db.backends.sqlite3"
    assert settings_value("settings.CELERY_BROKER_URL", DEBUG="1") == "filesystem://"
    # Shared by every process (web, worker), so rate limits count together: a database table.
    assert settings_value("settings.CACHES['default']['BACKEND']", DEBUG="1") == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_moves_broker_and_cache_to_redis():
    env = {"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert settings_value("settings.CELERY_BROKER_URL", **env) == "redis://127.0.0.1:6379/3"
    assert settings_value("settings.CACHES['default']['BACKEND']", **env) == "django.core.cache.backends.redis.RedisCache"


def test_database_and_email_urls_are_honoured():
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://cop:pw@db.internal:5433/cop", "EMAIL_URL": "smtp://mail.internal:2525"}
    assert settings_value("settings.DATABASES['default']['HOST'], settings.DATABASES['default']['PORT']", **env) == "db.internal 5433"
    assert settings_value("settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_BACKEND", **env) == (
        "mail.internal 2525 django.core.mail.backends.smtp.EmailBackend"
    )


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert "<script>" not in page and " style=" not in page


@pytest.mark.django_db
def test_unknown_url_gives_the_friendly_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()
