"""A real Celery worker on Redis delivers mail queued by the service."""

import time

import pytest

from communities.emails import email_send
from communities.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_real_worker_sends_queued_email_to_smtp_server(celery_worker, smtp_server):
    person = UserFactory(email="ines@example.org", language="fr")
    (row,) = email_send(
        recipients=[person],
        template="account/password_reset_key",
        context={"password_reset_url": "https://cop.example/reset/"},
    )
    assert wait_for(lambda: OutgoingEmail.objects.get(pk=row.pk).status == OutgoingEmail.Status.SENT)
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0].rcpt_tos == ["ines@example.org"]
