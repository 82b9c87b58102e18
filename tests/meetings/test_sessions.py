"""Scheduling across time zones, RSVPs with a waiting list, and who sees what."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership, Notification
from communities.services import membership_approve, membership_join
from sessions import services
from sessions.models import Rsvp, Session
from sessions.notifications import SessionNotificationKind
from sessions.times import to_utc
from tests.factories import UserFactory

from ..conftest import PERSONAS
from .conftest import in_days

pytestmark = pytest.mark.django_db


# --- Time zones ----------------------------------------------------------------------------


def test_local_time_is_kept_across_the_dst_change():
    before = to_utc(datetime(2026, 3, 24, 14, 0), "Europe/Paris")  # CET, UTC+1
    after = to_utc(datetime(2026, 3, 31, 14, 0), "Europe/Paris")  # CEST, UTC+2
    assert (before.hour, after.hour) == (13, 12)


@pytest.mark.parametrize(
    ("local", "message"),
    [(datetime(2026, 3, 29, 2, 30), "does not exist"), (datetime(2026, 10, 25, 2, 30), "happens twice")],
)
def test_times_that_do_not_exist_or_happen_twice_are_refused(local, message):
    with pytest.raises(ValidationError, match=message):
        to_utc(local, "Europe/Paris")


@pytest.mark.parametrize(
    ("reader_zone", "before_change", "after_change"),
    [
        # Paris moves to summer time on 31 March 2030; Cairo doesn't until late April,
        # Port-au-Prince moved on 10 March.
        ("Africa/Cairo", "16:00–18:00", "15:00–17:00"),
        ("America/Port-au-Prince", "10:00–12:00", "09:00–11:00"),
    ],
)
def test_a_paris_session_seen_from_cairo_and_port_au_prince(client, member, schedule, reader_zone, before_change, after_change):
    week_before = schedule(starts_at=to_utc(datetime(2030, 3, 24, 15, 0), "Europe/Paris"),
                           ends_at=to_utc(datetime(2030, 3, 24, 17, 0), "Europe/Paris"))
    week_after = schedule(starts_at=to_utc(datetime(2030, 3, 31, 15, 0), "Europe/Paris"),
                          ends_at=to_utc(datetime(2030, 3, 31, 17, 0), "Europe/Paris"))
    member.timezone = reader_zone
    member.save()
    client.force_login(member)
    for session, reader_time in ((week_before, before_change), (week_after, after_change)):
        page = re.sub(r"<[^>]+>", "", client.get(session.get_absolute_url()).content.decode())
        assert f"{reader_time} ({reader_zone})" in page
        shows_paris = "15:00–17:00 in Europe/Paris, the session’s time" in page
        assert shows_paris == (reader_time != "15:00–17:00")


def test_reader_in_the_sessions_zone_sees_one_time(client, member, schedule):
    session = schedule(starts_at=to_utc(datetime(2030, 3, 31, 15, 0), "Europe/Paris"),
                       ends_at=to_utc(datetime(2030, 3, 31, 17, 0), "Europe/Paris"))
    member.timezone = "Europe/Paris"
    member.save()
    client.force_login(member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "15:00" in page and "the session’s time" not in page


def test_schedule_form_refuses_a_dst_gap_and_an_end_before_the_start(client, facilitator, community):
    client.force_login(facilitator)
    url = reverse("meetings:create", args=[community.slug])
    data = {"title": "Brainstorm", "technique": "brainstorming", "format": "virtual", "video_link": "https://meet.example.org/x",
            "timezone": "Europe/Paris", "start": "2030-03-31T02:30", "end": "2030-03-31T04:00"}
    page = client.post(url, data).content.decode()
    assert "does not exist in Europe/Paris" in page and 'value="Brainstorm"' in page
    page = client.post(url, {**data, "start": "2030-04-01T10:00", "end": "2030-04-01T09:00"}).content.decode()
    assert "must end after it starts" in page
    page = client.post(url, {**data, "start": "2030-04-01T10:00", "end": "2030-04-01T11:00", "timezone": "Mars/Base"}).content.decode()
    assert "Select a valid choice" in page
    assert not Session.objects.exists()


def test_facilitator_schedules_and_members_are_told_with_an_ics(client, facilitator, community, member, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:create", args=[community.slug]),
            {"title": "Co-développement", "guiding_question": "Comment impliquer les femmes ?", "technique": "co_development",
             "format": "virtual", "video_link": "https://meet.example.org/abc", "timezone": "Africa/Dakar",
             "start": "2030-05-05T10:00", "end": "2030-05-05T12:00", "capacity": ""},
        )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.starts_at == to_utc(datetime(2030, 5, 5, 10, 0), "Africa/Dakar")
    assert Notification.objects.filter(recipient=member, kind=SessionNotificationKind.SCHEDULED).exists()
    (email,) = [m for m in mailoutbox if m.to == [member.email]]
    assert "Comment impliquer les femmes ?" in email.body and "https://meet.example.org/abc" in email.body
    assert "(Africa/Dakar)" in email.body  # the member's own zone (factories use Africa/Dakar)
    assert email.attachments[0][0] == "session.ics" and "BEGIN:VEVENT" in email.attachments[0][1]


def test_a_session_entered_in_the_past_sends_no_invitation(schedule, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule(starts_at=timezone.now() - timedelta(days=3))
    assert mailoutbox == [] and not Notification.objects.filter(kind=SessionNotificationKind.SCHEDULED).exists()


def test_editing_and_cancelling_raise_the_sequence_and_notify(session, facilitator, member):
    services.session_update(session=session, by=facilitator, title="Nouveau titre")
    session.refresh_from_db()
    assert session.sequence == 1
    services.session_update(session=session, by=facilitator, capacity=30)
    session.refresh_from_db()
    assert session.sequence == 1, "capacity doesn't move the event in calendars"
    services.session_cancel(session=session, by=facilitator)
    session.refresh_from_db()
    assert session.status == "cancelled" and session.sequence == 2
    kinds = set(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert {SessionNotificationKind.CHANGED, SessionNotificationKind.CANCELLED} <= kinds
    with pytest.raises(ValidationError):
        services.session_update(session=session, by=facilitator, title="Again")


# --- RSVPs ---------------------------------------------------------------------------------


def add_member(community, facilitator):
    person = UserFactory()
    membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
    return person


def test_waiting_list_promotes_the_next_person_and_tells_them(schedule, community, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    session = schedule(capacity=2)
    first, second, third, fourth = (add_member(community, facilitator) for _ in range(4))
    for person in (first, second, third, fourth):
        services.rsvp_set(session=session, user=person, response="going")
    waiting = list(Rsvp.objects.filter(is_waitlisted=True).order_by("created_at").values_list("user", flat=True))
    assert waiting == [third.pk, fourth.pk]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(session=session, user=first, response="not_going")
    assert not Rsvp.objects.get(user=third).is_waitlisted
    assert Rsvp.objects.get(user=fourth).is_waitlisted
    assert [m.to for m in mailoutbox] == [[third.email]]
    # Changing between maybe and going keeps the queue honest.
    services.rsvp_set(session=session, user=first, response="going")
    assert Rsvp.objects.get(user=first).is_waitlisted


def test_rsvp_to_cancelled_or_past_sessions_is_refused(schedule, facilitator, member):
    past = schedule(starts_at=timezone.now() - timedelta(hours=3))
    with pytest.raises(ValidationError, match="already started"):
        services.rsvp_set(session=past, user=member, response="going")
    session = schedule()
    services.session_cancel(session=session, by=facilitator)
    with pytest.raises(ValidationError, match="cancelled"):
        services.rsvp_set(session=session, user=member, response="going")


def test_rsvp_through_the_page(client, session, member):
    client.force_login(member)
    response = client.post(reverse("meetings:rsvp", args=[session.community.slug, session.pk]), {"response": "maybe"}, follow=True)
    assert "Your answer is saved: Maybe." in response.content.decode()
    assert Rsvp.objects.get(user=member).response == "maybe"
    response = client.post(reverse("meetings:rsvp", args=[session.community.slug, session.pk]), {"response": "nonsense"}, follow=True)
    assert "Choose going, maybe or not going." in response.content.decode()


# --- Permissions -----------------------------------------------------------------------------

ALLOW, LOGIN, DENY = 200, "login", 403
MEMBERS = {"member", "facilitator", "staff"}
MANAGERS = {"facilitator", "staff"}


def expected(persona, allowed):
    if persona in allowed:
        return ALLOW
    return LOGIN if persona == "anonymous" else DENY


def check(response, answer):
    if answer == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == answer


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("page", "allowed"), [("list", MEMBERS), ("detail", MEMBERS), ("create", MANAGERS), ("edit", MANAGERS), ("cancel", MANAGERS)])
def test_session_pages_of_a_private_community(client, as_persona, session, persona, page, allowed):
    as_persona(persona)
    args = [session.community.slug] + ([] if page in ("list", "create") else [session.pk])
    check(client.get(reverse(f"meetings:{page}", args=args)), expected(persona, allowed))


@pytest.mark.parametrize("persona", PERSONAS)
def test_rsvp_permission(client, as_persona, session, persona):
    as_persona(persona)
    response = client.post(reverse("meetings:rsvp", args=[session.community.slug, session.pk]), {"response": "going"})
    if persona == "anonymous":
        check(response, LOGIN)
    assert Rsvp.objects.exists() == (persona in {"member", "facilitator"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_community_sessions_hide_the_link_and_attendees_from_non_members(client, as_persona, schedule, other_facilitator, persona):
    from communities.models import Community

    public = Community.objects.get(name="Urban transport Mediterranean")
    session = schedule(community=public, video_link="https://meet.example.org/secret-room")
    as_persona(persona)
    page = client.get(session.get_absolute_url()).content.decode()
    assert session.title in page
    assert ("secret-room" in page) == (persona in {"other_facilitator", "staff"})


def test_cancelling_asks_for_confirmation(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("meetings:cancel", args=[session.community.slug, session.pk])
    assert "Cancel “" in client.get(url).content.decode()
    session.refresh_from_db()
    assert session.status == "scheduled"
    client.post(url)
    session.refresh_from_db()
    assert session.status == "cancelled"


# --- Query counts and blocks ------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_session_list_queries_do_not_grow(client, schedule, member):
    client.force_login(member)
    for day in range(1, 4):
        schedule(starts_at=in_days(day))
    schedule(starts_at=in_days(-10))
    schedule(starts_at=in_days(-11))
    url = reverse("meetings:list", args=[Session.objects.first().community.slug])
    few = count_queries(client, url)
    for day in range(5, 205):
        schedule(starts_at=in_days(day if day % 2 else -day))
    assert count_queries(client, url) == few


def test_upcoming_sessions_on_the_dashboard_and_community_home(client, session, member):
    client.force_login(member)
    assert session.title in client.get("/").content.decode()
    assert session.title in client.get(session.community.get_absolute_url()).content.decode()
    Membership.objects.filter(user=member).update(status="left", role="member")
    assert session.title not in client.get("/").content.decode()


def test_removing_the_capacity_lets_everyone_in(schedule, community, facilitator):
    session = schedule(capacity=1)
    first, second = add_member(community, facilitator), add_member(community, facilitator)
    services.rsvp_set(session=session, user=first, response="going")
    services.rsvp_set(session=session, user=second, response="going")
    assert Rsvp.objects.get(user=second).is_waitlisted
    services.session_update(session=session, by=facilitator, capacity=None)
    assert not Rsvp.objects.filter(is_waitlisted=True).exists()
