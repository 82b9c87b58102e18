"""The container deployment: docker-compose.yml and the Dockerfile it builds.

No Docker engine is needed: the Compose file is validated against the Compose
Specification's JSON schema and its structure is checked directly. Nothing here
touches Django or the database.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

try:  # PyYAML if present, else ruamel.yaml (installed with check-jsonschema).
    import yaml

    def _load_yaml(text):
        return yaml.safe_load(text)

except ImportError:  # pragma: no cover - depends on the environment
    from ruamel.yaml import YAML

    def _load_yaml(text):
        return YAML(typ="safe", pure=True).load(text)


ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

APP_SERVICES = ("migrate", "web", "worker", "beat")
REQUIRED_APP_ENVIRONMENT = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL", "ALLOWED_HOSTS", "SITE_URL"}


@pytest.fixture(scope="module")
def compose():
    return _load_yaml(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile():
    assert DOCKERFILE.is_file(), "the Dockerfile is missing"
    return DOCKERFILE.read_text(encoding="utf-8")


def _environment(service):
    """A service's environment as a dict, whether written as a mapping or a list."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return dict(env)


def _command(service):
    command = service.get("command")
    return command.split() if isinstance(command, str) else list(command or [])


def _volume_targets(service):
    """Map each container path to the volume or host path mounted there."""
    targets = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, _, rest = volume.partition(":")
            targets[rest.split(":")[0]] = source
        else:
            targets[volume["target"]] = volume.get("source")
    return targets


# --- The Compose file --------------------------------------------------------------


def test_compose_file_matches_compose_specification():
    checker = Path(sys.executable).with_name("check-jsonschema")
    assert checker.exists(), f"check-jsonschema is not installed next to {sys.executable}"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"docker-compose.yml is invalid:\n{result.stdout}\n{result.stderr}"


def test_compose_file_uses_the_compose_specification_without_a_version_key(compose):
    assert "version" not in compose


def test_compose_runs_exactly_the_database_broker_and_four_app_processes(services):
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}


def test_app_services_share_one_image_built_from_the_dockerfile(services):
    builds = [services[name].get("build") for name in APP_SERVICES]
    images = {services[name].get("image") for name in APP_SERVICES}
    assert builds[0] == "." or builds[0].get("context") == "."
    assert all(build == builds[0] for build in builds)
    assert images == {"cop-platform:latest"}


def test_database_broker_and_web_have_healthchecks(services):
    for name in ("db", "redis", "web"):
        healthcheck = services[name].get("healthcheck")
        assert healthcheck and healthcheck.get("test"), f"{name} has no healthcheck"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_database_and_broker_use_the_pinned_major_versions(services):
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"


def test_web_healthcheck_asks_healthz_with_python_not_curl(services):
    test = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in test
    assert "python" in test
    assert "curl" not in test


def test_database_keeps_its_data_on_a_named_volume(compose, services):
    source = _volume_targets(services["db"]).get("/var/lib/postgresql/data")
    assert source, "db does not mount /var/lib/postgresql/data"
    assert not source.startswith((".", "/", "~")), "the database data should be a named volume, not a bind mount"
    assert source in (compose.get("volumes") or {})


def test_web_and_worker_share_the_media_volume_for_uploads(compose, services):
    assert "media" in (compose.get("volumes") or {})
    for name in ("web", "worker"):
        assert _volume_targets(services[name]).get("/app/media") == "media", f"{name} does not mount media"


def test_migrate_runs_once_after_the_database_is_healthy(services):
    migrate = services["migrate"]
    assert _command(migrate)[-3:] == ["manage.py", "migrate", "--noinput"]
    assert migrate.get("restart") == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


def test_web_starts_after_migrations_completed_and_broker_is_healthy(services):
    depends_on = services["web"]["depends_on"]
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_worker_and_beat_start_after_migrations_completed(services):
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_web_serves_gunicorn_on_published_port_8000(services):
    web = services["web"]
    command = " ".join(_command(web))
    assert "gunicorn" in command and "cop_platform.wsgi:application" in command
    assert "0.0.0.0:8000" in command
    ports = [str(port) if not isinstance(port, dict) else str(port.get("target")) for port in web["ports"]]
    assert any(port.endswith(":8000") or port == "8000" for port in ports)


def test_every_app_service_gets_the_shared_settings(services):
    for name in APP_SERVICES:
        env = _environment(services[name])
        missing = REQUIRED_APP_ENVIRONMENT - set(env)
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert str(env["DEBUG"]) == "0", f"{name} must run with DEBUG off"
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]


def test_secrets_are_required_not_defaulted(services):
    for name in APP_SERVICES:
        env = _environment(services[name])
        assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*\}", env["SECRET_KEY"]), env["SECRET_KEY"]
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_hosts_and_site_url_default_to_localhost(services):
    env = _environment(services["web"])
    assert "localhost" in env["ALLOWED_HOSTS"]
    assert "localhost" in env["SITE_URL"]


def test_worker_runs_a_celery_worker(services):
    command = _command(services["worker"])
    assert command[0] == "celery" and "worker" in command
    assert command[command.index("-A") + 1] == "cop_platform"


def test_beat_runs_celery_beat_as_a_single_replica(services):
    beat = services["beat"]
    command = _command(beat)
    assert command[0] == "celery" and "beat" in command
    assert command[command.index("-A") + 1] == "cop_platform"
    assert beat.get("deploy", {}).get("replicas", 1) == 1


def test_compose_file_explains_how_to_scale_and_that_beat_stays_single():
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert "--scale web=" in text and "--scale worker=" in text
    assert re.search(r"beat must stay at exactly one", text)


# --- The Dockerfile -----------------------------------------------------------------


def test_dockerfile_builds_from_python_311_slim(dockerfile):
    froms = re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.MULTILINE | re.IGNORECASE)
    assert froms, "the Dockerfile has no FROM"
    assert froms[0].startswith("python:3.11")
    assert all(image.startswith("python:3.11-slim") for image in froms)
    assert len(froms) >= 2, "expected a multi-stage build"


def test_dockerfile_installs_the_pinned_runtime_lock_only(dockerfile):
    assert re.search(r"pip install[^\n]*-r\s+requirements\.lock\b", dockerfile)
    assert "requirements-dev.lock" not in dockerfile


def test_dockerfile_fetches_nothing_from_cdns_or_piped_scripts(dockerfile):
    assert not re.search(r"\b(curl|wget)\b[^\n]*\|\s*(ba)?sh\b", dockerfile)
    assert not re.search(r"\b(curl|wget)\b", dockerfile)
    assert not re.search(r"cdn\.|jsdelivr|unpkg|cdnjs", dockerfile, flags=re.IGNORECASE)


def test_dockerfile_compiles_messages_and_collects_static_at_build_time(dockerfile):
    assert "gettext" in dockerfile
    assert "manage.py compilemessages" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile


def test_dockerfile_keeps_the_build_secret_out_of_the_final_image(dockerfile):
    runtime = dockerfile.split("FROM ")[-1]
    assert not re.search(r"^\s*(ENV|ARG)\s+[^\n]*SECRET_KEY", runtime, flags=re.MULTILINE)


def test_dockerfile_runs_gunicorn_as_a_non_root_user(dockerfile):
    users = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert re.search(r"^EXPOSE\s+8000\b", dockerfile, flags=re.MULTILINE)
    cmd = re.search(r"^CMD\s", dockerfile, flags=re.MULTILINE)
    assert cmd, "the Dockerfile has no default command"
    default_command = dockerfile[cmd.start():]
    assert "gunicorn" in default_command and "cop_platform.wsgi:application" in default_command
    assert "0.0.0.0:8000" in default_command
    assert "WEB_CONCURRENCY=3" in dockerfile


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    patterns = set(DOCKERIGNORE.read_text(encoding="utf-8").split())
    for pattern in (".venv", "node_modules", ".git", "__pycache__", ".pytest_cache", "test-artifacts", "media"):
        assert pattern in patterns, f".dockerignore lacks {pattern}"
    assert {"var", "var/"} & patterns
    assert "*.sqlite3" in patterns
    assert "locale/**/*.mo" in patterns
