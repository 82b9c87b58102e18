"""/healthz tells a load balancer whether this instance can serve."""

import pytest
from django.db.utils import OperationalError

from communities import health

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_healthy_instance_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_unreachable_broker_answers_503(client, monkeypatch):
    from celery import Celery

    # A real connection attempt, to a port nobody listens on.
    monkeypatch.setattr(health, "celery_app", Celery(broker="redis://127.0.0.1:9/0", set_as_current=False))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


def test_unreachable_database_answers_503(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_is_reachable_over_plain_http_with_any_host(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["cop.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    # Everything else is still redirected to HTTPS.
    assert client.get("/", HTTP_HOST="cop.example.org").status_code == 301
