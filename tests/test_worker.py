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


def test_real_worker_delivers_a_due_reminder_to_smtp(celery_worker, smtp_server, community, facilitator, member):
    from datetime import timedelta

    from django.utils import timezone

    from sessions import services
    from sessions.tasks import send_due_reminders

    # Planned 3 hours ahead: the one-hour reminder falls due after members were told of it.
    start = timezone.now() + timedelta(hours=3)
    session = services.session_schedule(
        community=community, by=facilitator, title="Peer assist", starts_at=start, ends_at=start + timedelta(hours=1),
        timezone="Africa/Dakar", format="in_person", venue="Thiès, Senegal",
    )
    services.rsvp_set(session=session, user=member, response="going")

    due = (start - timedelta(minutes=59)).isoformat()
    send_due_reminders.delay(due)
    send_due_reminders.delay(due)  # a second beat: still one reminder
    assert wait_for(lambda: OutgoingEmail.objects.filter(template="meetings/session_reminder", status="sent").exists())
    assert wait_for(lambda: any(b"Subject: Reminder" in m.content for m in smtp_server.messages))
    time.sleep(1)  # a doubled send would arrive by now
    reminders = [m for m in smtp_server.messages if b"Subject: Reminder: Peer assist" in m.content]
    assert len(reminders) == 1 and reminders[0].rcpt_tos == [member.email]


def test_real_worker_delivers_a_digest_to_smtp(celery_worker, smtp_server, community, facilitator, member):
    import zoneinfo
    from datetime import timedelta

    from django.utils import timezone

    from communities.models import Digest, Membership
    from communities.tasks import send_due_digests
    from knowledge import services as knowledge_services

    Membership.objects.filter(user=facilitator).update(joined_at=timezone.now() - timedelta(days=10))
    knowledge_services.post_create(
        community=community, author=member, kind="question", title="Who has tried drip irrigation kits?", body="?"
    )
    local = timezone.now().astimezone(zoneinfo.ZoneInfo(facilitator.timezone))
    morning = local.replace(hour=8, minute=5, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)

    send_due_digests.delay(morning.isoformat())
    send_due_digests.delay(morning.isoformat())  # a second beat: still one digest
    assert wait_for(lambda: Digest.objects.filter(user=facilitator, status="sent").exists())
    assert wait_for(lambda: any(b"drip irrigation" in m.content for m in smtp_server.messages))
    time.sleep(1)  # a doubled send would arrive by now
    digests = [m for m in smtp_server.messages if b"drip irrigation" in m.content]
    assert len(digests) == 1 and digests[0].rcpt_tos == [facilitator.email]
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in digests[0].content


def test_every_beat_entry_names_a_registered_task():
    from cop_platform.celery import app

    app.autodiscover_tasks(force=True)
    assert {"send-due-digests", "prune-old-notifications"} <= set(app.conf.beat_schedule)
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]
