"""Fixtures shared by the whole suite: personas, services, the browser."""

import os
import socket
import uuid
from contextlib import contextmanager

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache

from .factories import UserFactory
from .helpers import IN_CI, service_missing

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


@pytest.fixture(autouse=True)
def _reset_rate_limits(request, django_db_blocker):
    """Rate limits (allauth's, the anonymous forms') live in the cache: start every test with a clean one.

    Without REDIS_URL the cache is a table of the test database. A test without database
    access can't reach it (and when no collected test uses the database, pytest-django sets
    none up), so only tests that use the database clear it, before their own transaction.
    """
    if not isinstance(caches["default"], DatabaseCache):
        cache.clear()
        return
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language and zone: a request signed in as an Arabic
    or French reader activates theirs for the rest of the thread, as a server thread does."""
    from django.utils import timezone, translation

    translation.activate("en")
    timezone.deactivate()
    yield
    translation.activate("en")
    timezone.deactivate()


# --- Personas ------------------------------------------------------------------------


@pytest.fixture
def person(db):
    """A signed-up practitioner with a verified address."""
    return verified(UserFactory())


@pytest.fixture
def other_person(db):
    return verified(UserFactory())


@pytest.fixture
def staff(db):
    return verified(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def plain_staff(db):
    """Staff status with no permission: may open Django admin, and nothing more."""
    return verified(UserFactory(is_staff=True, display_name="Sam Staff"))


@pytest.fixture
def platform_admin(db):
    """A staff account in the "Platform admins" group: acts site-wide in the pages."""
    user = verified(UserFactory(is_staff=True, display_name="Pat Platform"))
    user.groups.add(platform_admins_group())
    return user


def platform_admins_group():
    """The group migration 0008 makes; made again when a transactional test flushed it away."""
    from django.contrib.auth.models import Group, Permission

    from communities.permissions import PLATFORM_ADMINS_GROUP

    group, _created = Group.objects.get_or_create(name=PLATFORM_ADMINS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="communities", codename__in=["act_as_platform_admin", "create_community"])
    )
    return group


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# --- Services --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


@contextmanager
def _worker_on_redis(redis_url):
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    from cop_platform.celery import app as project_app

    # A queue of its own per test process: under xdist, no process takes another's task.
    queue = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}"
    app = Celery("cop_platform_test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=redis_url,
        broker_transport_options={},
        task_always_eager=False,
        task_default_queue=queue,
    )
    app.autodiscover_tasks(force=True)  # register every app's tasks, imported or not yet
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20):
            yield app
    finally:
        project_app.set_current()
        project_app.set_default()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker on Redis, running in this process against the test database."""
    import redis

    redis_url = os.environ.get("COP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis is not reachable at {redis_url}: {error}")
    with _worker_on_redis(redis_url) as app:
        yield app


# --- Browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(config, items):
    if os.environ.get("COP_BROWSER_AVAILABLE") == "0" and not IN_CI:
        skip = pytest.mark.skip(reason="Chromium or axe-core is missing: browser tests skipped (see make test output)")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


# --- Community personas -------------------------------------------------------------------


@pytest.fixture
def facilitator(db):
    return verified(UserFactory(display_name="Fatou Facilitator"))


@pytest.fixture
def community(facilitator):
    """A private community on request, with its facilitator."""
    from communities.services import community_create

    return community_create(
        by=facilitator, name="CAP Agroécologie", tagline="Partager nos pratiques", visibility="private",
        join_policy="request", status="active", charter="Bienveillance et confidentialité.",
    )


@pytest.fixture
def member(community):
    from communities.services import membership_approve, membership_join

    person = verified(UserFactory(display_name="Moussa Member"))
    membership = membership_join(community=community, user=person)
    membership_approve(membership=membership, by=community.memberships.facilitators().first().user)
    return person


@pytest.fixture
def requester(community):
    from communities.services import membership_join

    person = verified(UserFactory(display_name="Rita Requester"))
    membership_join(community=community, user=person, message="I work on agroforestry in Rwanda.")
    return person


@pytest.fixture
def invitee(community, facilitator):
    from communities.services import invitations_send

    person = verified(UserFactory(display_name="Ines Invitee"))
    invitations_send(community=community, by=facilitator, text=person.email)
    return person


@pytest.fixture
def outsider(db):
    return verified(UserFactory(display_name="Omar Outsider"))


@pytest.fixture
def other_facilitator(db):
    from communities.services import community_create

    person = verified(UserFactory(display_name="Olivia Otherfac"))
    community_create(by=person, name="Urban transport Mediterranean", visibility="public", join_policy="invitation")
    return person


PERSONAS = ["anonymous", "outsider", "requester", "invitee", "member", "other_facilitator", "facilitator", "staff"]


@pytest.fixture
def as_persona(request, client):
    """Sign the test client in as one of PERSONAS (by name); returns the user or None."""

    def sign_in(name):
        if name == "anonymous":
            return None
        user = request.getfixturevalue(name)
        client.force_login(user)
        return user

    return sign_in
