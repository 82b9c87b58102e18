"""Reminders are claimed before they are sent: never twice, never to the wrong people."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from communities.models import NotificationPreference, OutgoingEmail
from communities.services import community_update
from sessions import reminders, services
from sessions.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(schedule, member, facilitator):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    session = schedule(starts_at=start, ends_at=start + timedelta(hours=2))
    services.rsvp_set(session=session, user=member, response="going")
    return session


def reminder_mails(mailoutbox, person):
    return [m for m in mailoutbox if m.to == [person.email] and m.subject.startswith("Reminder")]


def test_day_before_and_hour_before(upcoming, member, mailoutbox, django_capture_on_commit_callbacks):
    start = upcoming.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=start - timedelta(hours=25)) == 0
        assert reminders.reminders_send_due(now=start - timedelta(hours=24)) == 1
        assert reminders.reminders_send_due(now=start - timedelta(hours=23)) == 0
        assert reminders.reminders_send_due(now=start - timedelta(minutes=59)) == 1
        assert reminders.reminders_send_due(now=start + timedelta(minutes=1)) == 0
    mails = reminder_mails(mailoutbox, member)
    assert len(mails) == 2
    assert mails[0].attachments[0][0] == "session.ics"
    assert set(Reminder.objects.values_list("offset_minutes", "status")) == {(1440, "sent"), (60, "sent")}


def test_not_going_and_non_responders_get_nothing_unless_the_community_asks(upcoming, community, facilitator, member, requester, mailoutbox, django_capture_on_commit_callbacks):
    services.rsvp_set(session=upcoming, user=member, response="not_going")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=upcoming.starts_at - timedelta(minutes=30)) == 0
    community_update(community=community, by=facilitator, remind_non_responders=True)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.reminders_send_due(now=upcoming.starts_at - timedelta(minutes=30))
    # The facilitator never answered: reminded now. The member said no: still not. The
    # requester is not a member.
    assert sent == 1
    assert [m.to for m in mailoutbox if m.subject.startswith("Reminder")] == [[facilitator.email]]


def test_people_who_turned_reminders_off_get_none(upcoming, member, mailoutbox):
    NotificationPreference.objects.create(user=member, kind="session_reminder", email=False)
    assert reminders.reminders_send_due(now=upcoming.starts_at - timedelta(minutes=30)) == 0
    assert not Reminder.objects.exists()


def test_running_twice_sends_once(upcoming, member, mailoutbox, django_capture_on_commit_callbacks):
    now = upcoming.starts_at - timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=now) == 1
        assert reminders.reminders_send_due(now=now) == 0
    assert len(reminder_mails(mailoutbox, member)) == 1


def test_missed_reminders_are_caught_up_once_and_only_the_latest(upcoming, member, mailoutbox, django_capture_on_commit_callbacks):
    """Workers were down for a day: at 30 minutes to go, only the one-hour reminder goes out."""
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=upcoming.starts_at - timedelta(minutes=30)) == 1
    assert set(Reminder.objects.values_list("offset_minutes", "status")) == {(60, "sent"), (1440, "skipped")}
    # It says the time really left, not the hour the reminder was set for.
    assert ", in 30\xa0minutes." in reminder_mails(mailoutbox, member)[0].body


def test_rescheduling_rearms_and_cancelling_stops(upcoming, facilitator, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_send_due(now=upcoming.starts_at - timedelta(minutes=30))
        later = upcoming.starts_at + timedelta(days=1)
        services.session_update(session=upcoming, by=facilitator, starts_at=later, ends_at=later + timedelta(hours=2))
        assert reminders.reminders_send_due(now=later - timedelta(minutes=30)) == 1
    assert set(Reminder.objects.values_list("sequence", flat=True)) == {0, 1}
    services.session_cancel(session=upcoming, by=facilitator)
    assert reminders.reminders_send_due(now=later - timedelta(minutes=10)) == 0


def test_crash_between_claim_and_send_is_flagged_not_resent(upcoming, member, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    def worker_killed(*args, **kwargs):
        raise SystemExit("worker killed mid-send")

    monkeypatch.setattr(reminders, "_send_reminder", worker_killed)
    now = upcoming.starts_at - timedelta(minutes=30)
    with pytest.raises(SystemExit):
        reminders.reminders_send_due(now=now)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=now + timedelta(minutes=1)) == 0
    assert reminder_mails(mailoutbox, member) == []
    claim = Reminder.objects.get(status="sending")
    assert claim.status == "sending"
    assert list(reminders.stuck_reminders(now=now + timedelta(minutes=11))) == [claim]
    assert list(reminders.stuck_reminders(now=now + timedelta(minutes=5))) == []


def test_facilitators_are_asked_once_to_close_a_past_session(schedule, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    start = timezone.now() - timedelta(days=3)
    session = schedule(starts_at=start, ends_at=start + timedelta(hours=2))
    ended = session.ends_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send_due(now=ended + timedelta(hours=20)) == 0
        assert reminders.reminders_send_due(now=ended + timedelta(hours=25)) == 1
        assert reminders.reminders_send_due(now=ended + timedelta(hours=49)) == 0
    assert [m.to for m in mailoutbox if m.subject.startswith("Close the session")] == [[facilitator.email]]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(upcoming, member, facilitator, community):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them anyway")
    services.rsvp_set(session=upcoming, user=facilitator, response="maybe")
    now = upcoming.starts_at - timedelta(minutes=30)
    barrier, results = threading.Barrier(2), []

    def sweep():
        barrier.wait()
        try:
            results.append(reminders.reminders_send_due(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(results) == 2, results
    assert Reminder.objects.filter(status="sent").count() == 2
    assert OutgoingEmail.objects.filter(template="meetings/session_reminder").count() == 2
