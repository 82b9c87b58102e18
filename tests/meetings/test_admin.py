"""Staff look after sessions, RSVPs and calendar feeds in Django admin."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.calendar import calendar_feed_create
from sessions.models import CalendarFeed, Rsvp, Session

pytestmark = pytest.mark.django_db

STARTS = datetime(2030, 3, 10, 9, 0, tzinfo=UTC)


def make_session(community, title, status="scheduled", starts_at=STARTS):
    return Session.objects.create(
        community=community, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        timezone="Europe/Paris", video_link="https://meet.example.org/cap", venue="Thiès, Senegal",
        format="hybrid", status=status,
    )


@pytest.fixture
def session(community, member):
    session = make_session(community, "Soil fertility without chemicals")
    Rsvp.objects.create(session=session, user=member, response=Rsvp.Response.GOING)
    return session


@pytest.mark.parametrize("persona", ["member", "facilitator"])
def test_non_staff_cannot_reach_the_sessions_admin(client, as_persona, persona, session):
    as_persona(persona)
    for url in (reverse("admin:meetings_session_changelist"), reverse("admin:meetings_session_change", args=[session.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_see_sessions_and_filter_them_by_status(client, staff, community, session):
    make_session(community, "Called off", status="cancelled")
    client.force_login(staff)
    url = reverse("admin:meetings_session_changelist")
    page = client.get(url).content.decode()
    assert session.title in page and "Called off" in page
    page = client.get(url, {"status__exact": "cancelled"}).content.decode()
    assert "Called off" in page and session.title not in page
    page = client.get(url, {"q": "soil"}).content.decode()
    assert session.title in page and "Called off" not in page
    page = client.get(url, {"starts_at__year": "2030", "starts_at__month": "3"}).content.decode()
    assert session.title in page


def test_staff_see_the_rsvps_of_a_session_without_editing_them(client, staff, member, session):
    client.force_login(staff)
    response = client.get(reverse("admin:meetings_session_change", args=[session.pk]))
    assert response.status_code == 200
    (inline,) = [formset for formset in response.context["inline_admin_formsets"] if formset.opts.model is Rsvp]
    assert member.display_name in response.content.decode()
    assert not inline.has_add_permission and not inline.formset.can_delete
    assert {"user", "response", "is_waitlisted"} <= set(inline.readonly_fields)


def test_session_list_query_count_does_not_grow_with_sessions(client, staff, community):
    client.force_login(staff)
    url = reverse("admin:meetings_session_changelist")
    for i in range(3):
        make_session(community, f"Session {i}", starts_at=STARTS + timedelta(days=i))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3, 60):
        make_session(community, f"Session {i}", starts_at=STARTS + timedelta(days=i))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_staff_open_the_other_lists(client, staff, session, member):
    calendar_feed_create(user=member)
    client.force_login(staff)
    for name in ("meetings_programme", "meetings_rsvp", "meetings_calendarfeed"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_programme_add")).status_code == 200


def test_staff_can_stop_a_calendar_feed_but_never_see_its_token(client, staff, member):
    feed = calendar_feed_create(user=member)
    client.force_login(staff)
    url = reverse("admin:meetings_calendarfeed_changelist")
    assert feed.token not in client.get(reverse("admin:meetings_calendarfeed_change", args=[feed.pk])).content.decode()
    response = client.post(url, {"action": "revoke", "_selected_action": [feed.pk]})
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_admin_edit_goes_through_the_services(client, staff, facilitator, community, member):
    from datetime import timedelta

    from django.utils import timezone

    from communities.models import Notification
    from sessions import services

    start = timezone.now() + timedelta(days=3)
    session = services.session_schedule(
        community=community, by=facilitator, title="Before", starts_at=start, ends_at=start + timedelta(hours=1),
        timezone="UTC", format="in_person", venue="Thiès",
    )
    client.force_login(staff)
    url = reverse("admin:meetings_session_change", args=[session.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"title": "After", "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": start.strftime("%H:%M:%S"),
                 "ends_at_0": (start + timedelta(hours=1)).strftime("%Y-%m-%d"),
                 "ends_at_1": (start + timedelta(hours=1)).strftime("%H:%M:%S"), "facilitators": [facilitator.pk],
                 "rsvps-TOTAL_FORMS": 0, "rsvps-INITIAL_FORMS": 0})
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    session.refresh_from_db()
    assert session.title == "After" and session.sequence == 1
    assert Notification.objects.filter(recipient=member, kind="session_changed").exists()
