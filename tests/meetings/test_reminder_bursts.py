"""No burst of reminders: none that fell due before the person was told the session's time.

The sweep runs every simulated minute, as beat runs it, while the clock the services read
moves on with it; the e-mails counted are the ones actually sent.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from communities.models import OutgoingEmail
from communities.services import community_update, membership_approve, membership_join
from sessions import reminders, services
from sessions.models import Reminder
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A Tuesday; 13:00 in Paris, 21:00 in Tokyo.
BASE = datetime(2031, 3, 4, 12, 0, tzinfo=UTC)
MINUTE, HALF_HOUR = timedelta(minutes=1), timedelta(minutes=30)


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(BASE)
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


@pytest.fixture
def attendees(community, facilitator):
    """Two members in different zones; the facilitator (who plans the session) is not one."""
    people = []
    for name, zone in (("Awa Paris", "Europe/Paris"), ("Kenji Tokyo", "Asia/Tokyo")):
        person = verified(UserFactory(display_name=name, timezone=zone))
        membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
        people.append(person)
    community_update(community=community, by=facilitator, reminder_offsets="1440,60")
    return people


def sweep_until(clock, moment, every=MINUTE):
    """Beat: one sweep a minute from the clock's time to ``moment`` (or fewer over quiet days)."""
    while clock.moment <= moment:
        reminders.reminders_send_due(now=clock.moment)
        clock.moment += every


def mails_of(person, mailoutbox):
    """{template: how many} of the e-mails sent to ``person``."""
    sent = [message.to for message in mailoutbox]
    rows = OutgoingEmail.objects.filter(recipient=person.email, status="sent")
    assert sent.count([person.email]) == rows.count()
    return Counter(rows.values_list("template", flat=True))


def move(session, by, minutes):
    starts_at = session.starts_at + timedelta(minutes=minutes)
    return services.session_update(session=session, by=by, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))


def test_session_created_50_minutes_ahead_and_moved_twice_sends_no_reminder(
    clock, schedule, facilitator, attendees, mailoutbox, django_capture_on_commit_callbacks
):
    start = BASE + timedelta(minutes=50)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(starts_at=start, ends_at=start + timedelta(hours=1))
        sweep_until(clock, BASE + MINUTE)
        for person in attendees:
            services.rsvp_set(session=session, user=person, response="going")
        sweep_until(clock, BASE + 3 * MINUTE)
        session = move(session, facilitator, 2)
        sweep_until(clock, BASE + 5 * MINUTE)
        session = move(session, facilitator, 2)
        sweep_until(clock, session.starts_at + 5 * MINUTE)
    for person in attendees:
        assert mails_of(person, mailoutbox) == {"meetings/session_scheduled": 1, "meetings/session_changed": 2}
    assert not Reminder.objects.exists()


def test_session_created_3_hours_ahead_gets_only_the_hour_reminder(
    clock, schedule, attendees, mailoutbox, django_capture_on_commit_callbacks
):
    start = BASE + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(starts_at=start, ends_at=start + timedelta(hours=1))
        clock.moment += 10 * MINUTE
        for person in attendees:
            services.rsvp_set(session=session, user=person, response="going")
        sweep_until(clock, start + 5 * MINUTE)
    for person in attendees:
        assert mails_of(person, mailoutbox) == {"meetings/session_scheduled": 1, "meetings/session_reminder": 1}
    assert set(Reminder.objects.values_list("offset_minutes", "status", "claimed_at")) == {
        (60, "sent", start - timedelta(hours=1))
    }
    # When it starts, in the reader's own zone: 16:00 in Paris, 00:00 the next day in Tokyo.
    paris, tokyo = (
        OutgoingEmail.objects.get(recipient=person.email, template="meetings/session_reminder") for person in attendees
    )
    assert f"“{session.title}” starts today at 16:00, in 1\xa0hour." in paris.body_text
    assert f"“{session.title}” starts tomorrow at 00:00, in 1\xa0hour." in tokyo.body_text
    assert "starts tomorrow at 00:00" in tokyo.body_html


def test_rescheduling_rearms_only_reminders_still_to_come(
    clock, schedule, facilitator, attendees, mailoutbox, django_capture_on_commit_callbacks
):
    """Planned two days ahead, the day-before reminder goes; moved 2 hours before to an hour
    later, the one-hour reminder of the new time still falls due after the change: it goes,
    the day-before one (long past) does not go again."""
    start = BASE + timedelta(days=2)
    paris = attendees[0]
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(starts_at=start, ends_at=start + timedelta(hours=1))
        services.rsvp_set(session=session, user=paris, response="going")
        sweep_until(clock, start - timedelta(days=1, minutes=5), every=HALF_HOUR)
        sweep_until(clock, start - timedelta(days=1, minutes=-5))
        sweep_until(clock, start - timedelta(hours=2), every=HALF_HOUR)
        session = move(session, facilitator, 60)
        sweep_until(clock, session.starts_at - timedelta(minutes=65), every=HALF_HOUR)
        sweep_until(clock, session.starts_at)
    assert mails_of(paris, mailoutbox) == {
        "meetings/session_scheduled": 1,
        "meetings/session_reminder": 2,
        "meetings/session_changed": 1,
    }
    assert set(Reminder.objects.values_list("sequence", "offset_minutes")) == {(0, 1440), (1, 60)}


def test_answering_after_a_reminder_fell_due_is_its_own_reminder(
    clock, schedule, attendees, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone who says "going" 30 minutes before has just read the time: no reminder.
    Someone who answers two days ahead gets both."""
    early, late = attendees
    start = BASE + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(starts_at=start, ends_at=start + timedelta(hours=1))
        clock.moment = start - timedelta(days=2)
        services.rsvp_set(session=session, user=early, response="going")
        sweep_until(clock, start - timedelta(minutes=90), every=HALF_HOUR)
        sweep_until(clock, start - timedelta(minutes=30))
        services.rsvp_set(session=session, user=late, response="going")
        sweep_until(clock, start)
    assert mails_of(early, mailoutbox)["meetings/session_reminder"] == 2
    assert mails_of(late, mailoutbox)["meetings/session_reminder"] == 0


def test_a_place_freed_after_the_reminder_fell_due_sends_no_reminder_on_top(
    clock, schedule, facilitator, attendees, mailoutbox, django_capture_on_commit_callbacks
):
    holder, waiting = attendees
    start = BASE + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(starts_at=start, ends_at=start + timedelta(hours=1), capacity=1)
        services.rsvp_set(session=session, user=holder, response="going")
        services.rsvp_set(session=session, user=waiting, response="going")
        clock.moment = start - timedelta(minutes=40)
        services.rsvp_set(session=session, user=holder, response="not_going")
        sweep_until(clock, start)
    assert mails_of(waiting, mailoutbox) == {"meetings/session_scheduled": 1, "meetings/session_place_freed": 1}
