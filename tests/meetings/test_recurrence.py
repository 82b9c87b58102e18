"""Recurring sessions: local time kept across DST, series edits and cancellations."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities.models import Notification
from sessions.models import Recurrence, Session
from sessions.notifications import SessionNotificationKind
from sessions.services import series as recurrence
from sessions.times import naive_local, to_utc

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Café des pratiques", "technique": "world_cafe", "format": "virtual", "video_link": "https://meet.example.org/cafe"}


def series(community, facilitator, first_local, zone="Europe/Paris", **rule):
    start = to_utc(first_local, zone)
    return recurrence.series_schedule(
        community=community, by=facilitator, starts_at=start, ends_at=start + timedelta(hours=1), timezone=zone, **FIELDS, **rule
    )


def test_weekly_series_keeps_its_local_time_across_the_dst_change(community, facilitator):
    sessions = series(community, facilitator, datetime(2030, 3, 19, 14, 0), frequency="weekly", count=4)
    locals_ = [naive_local(s.starts_at, "Europe/Paris") for s in sessions]
    assert [d.date() for d in locals_] == [date(2030, 3, 19), date(2030, 3, 26), date(2030, 4, 2), date(2030, 4, 9)]
    assert {d.hour for d in locals_} == {14}
    assert [s.starts_at.hour for s in sessions] == [13, 13, 12, 12], "UTC moves, the local time doesn't"


def test_monthly_on_the_same_weekday_of_the_month(community, facilitator):
    # 2030-01-08 is the second Tuesday of January.
    sessions = series(community, facilitator, datetime(2030, 1, 8, 10, 0), zone="Africa/Kigali", frequency="monthly", until=date(2030, 4, 30))
    assert [naive_local(s.starts_at, "Africa/Kigali").date() for s in sessions] == [
        date(2030, 1, 8), date(2030, 2, 12), date(2030, 3, 12), date(2030, 4, 9)
    ]


def test_every_two_weeks_until_a_date(community, facilitator):
    sessions = series(community, facilitator, datetime(2030, 5, 6, 9, 0), zone="Africa/Dakar", frequency="biweekly", until=date(2030, 6, 17))
    assert len(sessions) == 4
    assert all(s.recurrence_id == sessions[0].recurrence_id for s in sessions)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"frequency": "weekly", "count": 53}, "at most 52"),
        ({"frequency": "weekly", "until": date(2032, 1, 1)}, "more than 52"),
        ({"frequency": "weekly", "until": date(2029, 1, 1)}, "must end after its first session"),
    ],
)
def test_bad_series_are_refused_and_nothing_is_created(community, facilitator, rule, message):
    with pytest.raises(ValidationError, match=message):
        series(community, facilitator, datetime(2030, 5, 6, 9, 0), **rule)
    assert not Session.objects.exists() and not Recurrence.objects.exists()


def test_members_hear_once_about_a_series_with_every_date_in_the_ics(community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        series(community, facilitator, datetime(2030, 5, 6, 9, 0), frequency="weekly", count=5)
    mails = [m for m in mailoutbox if m.to == [member.email]]
    assert len(mails) == 1
    ics = mails[0].attachments[0][1]
    assert ics.count("BEGIN:VEVENT") == 5
    assert Notification.objects.filter(recipient=member, kind=SessionNotificationKind.SCHEDULED).count() == 1


def test_this_and_following_moves_the_time_of_later_occurrences_only(community, facilitator):
    sessions = series(community, facilitator, datetime(2030, 3, 12, 14, 0), frequency="weekly", count=5)
    third = sessions[2]
    new_start = to_utc(datetime(2030, 3, 26, 16, 0), "Europe/Paris")
    recurrence.series_update_following(session=third, by=facilitator, starts_at=new_start, ends_at=new_start + timedelta(hours=2), title="Café (nouvel horaire)")
    refreshed = list(Session.objects.order_by("starts_at"))
    hours = [naive_local(s.starts_at, "Europe/Paris").hour for s in refreshed]
    assert hours == [14, 14, 16, 16, 16]
    assert [s.title for s in refreshed].count("Café (nouvel horaire)") == 3
    assert [s.sequence for s in refreshed] == [0, 0, 1, 1, 1]
    assert all(s.ends_at - s.starts_at == timedelta(hours=2) for s in refreshed[2:])


def test_an_edit_that_would_move_an_occurrence_into_the_past_is_refused(community, facilitator):
    soon = timezone.localtime(timezone.now() + timedelta(days=2), timezone.get_fixed_timezone(0)).replace(tzinfo=None, second=0, microsecond=0)
    sessions = series(community, facilitator, soon.replace(hour=12, minute=0), zone="UTC", frequency="weekly", count=3)
    earlier = sessions[0].starts_at - timedelta(days=7)
    with pytest.raises(ValidationError, match="into the past"):
        recurrence.series_update_following(session=sessions[0], by=facilitator, starts_at=earlier, ends_at=earlier + timedelta(hours=1))
    assert Session.objects.get(pk=sessions[0].pk).starts_at == sessions[0].starts_at


def test_cancel_this_and_following(community, facilitator, member):
    sessions = series(community, facilitator, datetime(2030, 5, 6, 9, 0), zone="Africa/Dakar", frequency="weekly", count=4)
    recurrence.series_cancel_following(session=sessions[1], by=facilitator)
    statuses = list(Session.objects.order_by("starts_at").values_list("status", "sequence"))
    assert statuses == [("scheduled", 0), ("cancelled", 1), ("cancelled", 1), ("cancelled", 1)]
    assert Notification.objects.filter(recipient=member, kind=SessionNotificationKind.CANCELLED).count() == 1


def test_series_through_the_pages(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("meetings:create", args=[community.slug]),
        {"title": "Brainstorming mensuel", "technique": "brainstorming", "format": "virtual", "video_link": "https://meet.example.org/b",
         "timezone": "Africa/Cairo", "start": "2030-02-11T18:00", "end": "2030-02-11T19:30", "repeat": "monthly", "repeat_count": 3},
        follow=True,
    )
    assert "3 sessions are scheduled" in response.content.decode()
    sessions = list(Session.objects.order_by("starts_at"))
    # Cancel only the second, through the confirmation page's scope choice.
    client.post(reverse("meetings:cancel", args=[community.slug, sessions[1].pk]), {"scope": "one"})
    assert list(Session.objects.order_by("starts_at").values_list("status", flat=True)) == ["scheduled", "cancelled", "scheduled"]
    page = client.get(reverse("meetings:edit", args=[community.slug, sessions[0].pk])).content.decode()
    assert "This session and all following ones" in page
    response = client.post(
        reverse("meetings:create", args=[community.slug]),
        {"title": "Trop", "technique": "brainstorming", "format": "virtual", "video_link": "https://meet.example.org/b",
         "timezone": "Africa/Cairo", "start": "2030-02-11T18:00", "end": "2030-02-11T19:30", "repeat": "weekly"},
    )
    assert "Say until when the sessions repeat" in response.content.decode()


def test_calendar_has_one_event_per_occurrence(client, community, facilitator, member):
    from sessions.calendar import calendar_feed_create

    series(community, facilitator, datetime(2030, 5, 6, 9, 0), zone="Africa/Dakar", frequency="weekly", count=6)
    feed = calendar_feed_create(user=member)
    ics = client.get(feed.get_absolute_url()).content.decode()
    assert ics.count("BEGIN:VEVENT") == 6
