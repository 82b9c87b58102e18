"""Calendars: a session's .ics, a person's secret feed, and the page that manages it."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from communities.services import community_create, membership_leave
from sessions.calendar import calendar_feed_create, calendar_for, ics_attachment
from sessions.models import CalendarFeed, Session
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/cap"
VENUE = "Thiès, Senegal"
STARTS = datetime(2030, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://cop.example.org"


def make_session(community, *, title="Soil fertility without chemicals", starts_at=STARTS, format="hybrid", **fields):
    return Session.objects.create(
        community=community,
        title=title,
        guiding_question=fields.pop("guiding_question", "How do we keep soils alive through the dry season?"),
        agenda=fields.pop("agenda", "1. Round of news\n2. Case from Thiès"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        timezone="Europe/Paris",
        video_link=LINK,
        venue=VENUE,
        format=format,
        **fields,
    )


@pytest.fixture
def session(community):
    return make_session(community)


@pytest.fixture
def public_community(db):
    from tests.conftest import verified
    from tests.factories import UserFactory

    return community_create(by=verified(UserFactory()), name="Open agroforestry", visibility="public", join_policy="open")


def ics_url(session):
    return reverse("meetings:ics", args=[session.community.slug, session.pk])


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def events_by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


# --- One session's .ics ----------------------------------------------------------------------------


def test_session_ics_is_a_published_event_with_a_stable_uid(client, member, session):
    client.force_login(member)
    first = client.get(ics_url(session))
    second = client.get(ics_url(session))
    assert first.status_code == second.status_code == 200
    assert first["Content-Disposition"] == 'attachment; filename="soil-fertility-without-chemicals.ics"'
    calendar = parse(first)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//CoP platform//Sessions//EN"
    uid = only_event(calendar)["UID"]
    assert uid == f"session-{session.pk}@cop.example.org"
    assert only_event(parse(second))["UID"] == uid


def test_sequence_follows_the_session_revision(client, member, session):
    client.force_login(member)
    assert only_event(parse(client.get(ics_url(session))))["SEQUENCE"] == session.sequence == 0
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    assert only_event(parse(client.get(ics_url(session))))["SEQUENCE"] == 1


def test_cancelled_session_is_cancelled_in_calendars(client, member, session):
    client.force_login(member)
    assert only_event(parse(client.get(ics_url(session))))["STATUS"] == "CONFIRMED"
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    assert only_event(parse(client.get(ics_url(session))))["STATUS"] == "CANCELLED"


def test_event_starts_in_utc_with_location_page_and_reminder(client, member, session):
    client.force_login(member)
    response = client.get(ics_url(session))
    event = only_event(parse(response))
    assert b"DTSTART:20300310T090000Z" in response.content
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == session.ends_at
    assert event["SUMMARY"] == session.title
    page = "https://cop.example.org" + session.get_absolute_url()
    assert event["URL"] == page
    assert page in event["DESCRIPTION"]
    assert "How do we keep soils alive" in event["DESCRIPTION"]
    assert "Case from Thiès" in event["DESCRIPTION"]
    assert VENUE in event["LOCATION"]
    assert "ORGANIZER" not in event
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=-1)
    assert alarm["DESCRIPTION"]


@pytest.mark.parametrize("persona", ["member", "facilitator", "staff"])
def test_members_and_staff_get_the_video_link(client, as_persona, persona, session):
    as_persona(persona)
    event = only_event(parse(client.get(ics_url(session))))
    assert LINK in event["LOCATION"]
    assert LINK in event["DESCRIPTION"]


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_non_members_of_a_public_community_get_no_video_link(client, as_persona, persona, public_community):
    session = make_session(public_community)
    as_persona(persona)
    response = client.get(ics_url(session))
    assert response.status_code == 200
    assert LINK.encode() not in response.content
    assert b"meet.example.org" not in response.content
    assert only_event(parse(response))["LOCATION"] == VENUE


def test_virtual_session_has_no_location_for_non_members(client, outsider, public_community):
    session = make_session(public_community, format="virtual")
    client.force_login(outsider)
    event = only_event(parse(client.get(ics_url(session))))
    assert "LOCATION" not in event
    assert LINK not in event["DESCRIPTION"]


def test_in_person_session_shows_the_venue_and_never_the_link(client, member, community):
    session = make_session(community, format="in_person")
    client.force_login(member)
    event = only_event(parse(client.get(ics_url(session))))
    assert event["LOCATION"] == VENUE
    assert LINK not in event.to_ical().decode()


EXPECTED_STATUS = {
    "anonymous": 302,
    "outsider": 403,
    "requester": 403,
    "invitee": 403,
    "other_facilitator": 403,
    "member": 200,
    "facilitator": 200,
    "staff": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_private_session_ics_is_for_members_and_staff(client, as_persona, persona, session):
    as_persona(persona)
    response = client.get(ics_url(session))
    assert response.status_code == EXPECTED_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_session_ics_under_another_community_is_not_found(client, staff, session, public_community):
    client.force_login(staff)
    response = client.get(reverse("meetings:ics", args=[public_community.slug, session.pk]))
    assert response.status_code == 404


def test_email_attachment_carries_the_link(session):
    (attachment,) = ics_attachment(session)
    assert attachment["filename"] == "session.ics"
    assert attachment["mimetype"] == "text/calendar; method=PUBLISH; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(attachment["content"])
    assert calendar["METHOD"] == "PUBLISH"
    assert LINK in only_event(calendar)["LOCATION"]


def test_calendar_includes_links_only_where_the_reader_may_see_them(member, session, public_community):
    public = make_session(public_community, title="Open session")
    sessions = Session.objects.select_related("community").order_by("pk")
    events = events_by_summary(calendar_for(sessions, include_private_for=member))
    assert LINK in events[session.title]["LOCATION"]
    assert LINK not in events[public.title].to_ical().decode()
    assert LINK.encode() not in calendar_for(sessions).to_ical()


# --- The feed ---------------------------------------------------------------------------------------


def feed_path(feed):
    return reverse("calendar:feed", args=[feed.token])


def test_feed_works_without_a_session_and_holds_only_the_owners_communities(member, community, other_facilitator):
    mine = make_session(community, title="Ours")
    cancelled = make_session(community, title="Called off", status=Session.Status.CANCELLED)
    recent = make_session(community, title="Last month", starts_at=timezone.now() - timedelta(days=30))
    make_session(community, title="Long ago", starts_at=timezone.now() - timedelta(days=120))
    theirs = Membership.objects.get(user=other_facilitator).community
    make_session(theirs, title="Theirs")
    feed = calendar_feed_create(user=member)

    response = Client().get(feed_path(feed))

    assert response.status_code == 200
    assert response["Cache-Control"] in ("private, max-age=300", "max-age=300, private")
    assert "sessionid" not in response.cookies
    calendar = parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    events = events_by_summary(calendar)
    assert set(events) == {mine.title, cancelled.title, recent.title}
    assert events[cancelled.title]["STATUS"] == "CANCELLED"
    assert LINK in events[mine.title]["LOCATION"]


def test_feed_stops_listing_a_community_the_owner_left(member, community):
    make_session(community, title="Ours")
    feed = calendar_feed_create(user=member)
    membership_leave(membership=Membership.objects.get(user=member, community=community))
    response = Client().get(feed_path(feed))
    assert response.status_code == 200
    assert parse(response).walk("VEVENT") == []


def test_revoked_feed_is_not_found(client, member, session):
    feed = calendar_feed_create(user=member)
    assert Client().get(feed_path(feed)).status_code == 200
    client.force_login(member)
    client.post(reverse("calendar:revoke"))
    assert Client().get(feed_path(feed)).status_code == 404


def test_regenerating_retires_the_old_address(client, member, session):
    old = calendar_feed_create(user=member)
    client.force_login(member)
    response = client.post(reverse("calendar:regenerate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    assert new.token != old.token
    assert Client().get(feed_path(old)).status_code == 404
    assert Client().get(feed_path(new)).status_code == 200


def test_forged_token_is_not_found(member, session):
    calendar_feed_create(user=member)
    assert Client().get(reverse("calendar:feed", args=["not-a-real-token"])).status_code == 404


def test_feed_of_a_deactivated_person_is_not_found(member, session):
    feed = calendar_feed_create(user=member)
    member.is_active = False
    member.save()
    assert Client().get(feed_path(feed)).status_code == 404


def _feed_queries(path):
    client = Client()
    client.get(path)  # warm per-process caches first
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context), len(parse(response).walk("VEVENT"))


def test_feed_query_count_does_not_grow_with_sessions(member, community, public_community):
    Membership.objects.create(user=member, community=public_community, status="active", joined_at=timezone.now())
    path = feed_path(calendar_feed_create(user=member))
    for i in range(3):
        make_session(community if i % 2 else public_community, title=f"Session {i}", starts_at=STARTS + timedelta(days=i))
    few, few_events = _feed_queries(path)
    for i in range(3, 60):
        make_session(community if i % 2 else public_community, title=f"Session {i}", starts_at=STARTS + timedelta(days=i))
    many, many_events = _feed_queries(path)
    assert (few_events, many_events) == (3, 60)
    assert few == many


# --- The settings page ----------------------------------------------------------------------------


def test_settings_page_asks_anonymous_visitors_to_sign_in(client):
    for name in ("settings", "regenerate", "revoke"):
        response = client.post(reverse(f"calendar:{name}")) if name != "settings" else client.get(reverse("calendar:settings"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not CalendarFeed.objects.exists()


def test_settings_page_offers_to_create_an_address(client, member):
    client.force_login(member)
    page = client.get(reverse("calendar:settings")).content.decode()
    assert reverse("calendar:regenerate") in page
    assert "readonly" not in page


def test_creating_an_address_shows_it_to_copy(client, member):
    client.force_login(member)
    response = client.post(reverse("calendar:regenerate"), follow=True)
    feed = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    page = response.content.decode()
    url = f"https://cop.example.org/calendar/{feed.token}.ics"
    assert url in page
    assert f'value="{url}" readonly' in page
    assert 'for="feed-url"' in page
    assert f"webcal://cop.example.org/calendar/{feed.token}.ics" in page
    assert list(response.context["messages"])


def test_revoking_stops_the_address(client, member):
    feed = calendar_feed_create(user=member)
    client.force_login(member)
    response = client.post(reverse("calendar:revoke"), follow=True)
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert feed.token not in response.content.decode()
    assert list(response.context["messages"])


def test_changes_need_post_and_csrf(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(reverse("calendar:regenerate")).status_code == 405
    assert client.post(reverse("calendar:regenerate")).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_one_person_cannot_touch_anothers_address(client, member, outsider):
    feed = calendar_feed_create(user=member)
    client.force_login(outsider)
    client.post(reverse("calendar:revoke"))
    feed.refresh_from_db()
    assert feed.revoked_at is None
