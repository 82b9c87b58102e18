"""Notifications: made by the services, listed for their recipient only, marked read, emailed as each person chooses."""

import copy

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.context_processors import notifications as notifications_context
from communities.models import Membership, Notification, NotificationKind, NotificationPreference
from communities.notifications import notify
from communities.services import community_create, membership_join, membership_set_role
from sessions.notifications import SessionNotificationKind
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/notifications/"


def role_changes(recipient, community, actor, count):
    """``count`` notifications for ``recipient``, made by the notifications core."""
    for _n in range(count):
        notify(recipients=[recipient], kind=NotificationKind.ROLE_CHANGED, community=community, actor=actor,
               url=community.get_absolute_url(), data={"role": Membership.Role.MEMBER})


def unread(person):
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


# --- The list ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={LIST_URL}"


def test_person_sees_only_their_own_notifications(client, facilitator, requester, invitee):
    client.force_login(facilitator)
    response = client.get(LIST_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rita Requester asked to join CAP Agroécologie." in content
    assert "invited you to join" not in content  # the invitee's, not the facilitator's
    assert content.count("<h1") == 1


def test_unread_notifications_are_marked_for_eyes_and_screen_readers(client, facilitator, requester):
    client.force_login(facilitator)
    content = client.get(LIST_URL).content.decode()
    assert '<span class="visually-hidden">Unread:</span>' in content
    assert "border-primary" in content

    Notification.objects.filter(recipient=facilitator).update(read_at="2026-01-01T00:00Z")
    content = client.get(LIST_URL).content.decode()
    assert "Unread:" not in content
    assert "Mark all as read" not in content


def test_empty_list_says_so(client, outsider):
    client.force_login(outsider)
    response = client.get(LIST_URL)
    assert "No notifications yet." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_list_is_newest_first_thirty_a_page(client, facilitator, community, member):
    Notification.objects.all().delete()
    role_changes(facilitator, community, member, 31)
    newest, oldest = Notification.objects.filter(recipient=facilitator).order_by("-pk")[:1].get(), Notification.objects.earliest("pk")
    client.force_login(facilitator)

    first = client.get(LIST_URL)
    assert [item["notification"] for item in first.context["items"]][0] == newest
    assert len(first.context["items"]) == 30
    second = client.get(LIST_URL, {"page": 2})
    assert [item["notification"] for item in second.context["items"]] == [oldest]


def test_list_takes_as_many_queries_for_forty_notifications_as_for_five(client, facilitator, community, member):
    client.force_login(facilitator)
    Notification.objects.all().delete()

    def queries_for(count):
        Notification.objects.filter(recipient=facilitator).delete()
        role_changes(facilitator, community, member, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert response.status_code == 200
        assert len(response.context["items"]) == min(count, 30)
        return len(queries)

    assert queries_for(5) == queries_for(40)


# --- Filters ---------------------------------------------------------------------------------


@pytest.fixture
def mixed(member, community, facilitator, other_facilitator):
    """The member's notifications: reminders here (one read), a new session in another community."""
    elsewhere = community_create(by=other_facilitator, name="Water and sanitation", visibility="public", join_policy="open")
    membership_join(community=elsewhere, user=member)
    Notification.objects.filter(recipient=member).delete()
    for title in ("Compost", "Terraces"):
        notify(recipients=[member], kind=SessionNotificationKind.REMINDER, community=community, data={"session": title})
    Notification.objects.filter(recipient=member, data__session="Compost").update(read_at="2026-01-01T00:00Z")
    notify(recipients=[member], kind=SessionNotificationKind.SCHEDULED, community=elsewhere, actor=other_facilitator,
           data={"session": "Latrines"})
    return elsewhere


def sessions_listed(client, **filters):
    response = client.get(LIST_URL, filters)
    assert response.status_code == 200
    return sorted(item["notification"].data["session"] for item in response.context["items"])


def test_filters_by_unread_topic_and_community(client, member, community, mixed):
    client.force_login(member)

    assert sessions_listed(client) == ["Compost", "Latrines", "Terraces"]
    assert sessions_listed(client, unread="on") == ["Latrines", "Terraces"]
    assert sessions_listed(client, topic="reminders") == ["Compost", "Terraces"]
    assert sessions_listed(client, topic="new_sessions") == ["Latrines"]
    assert sessions_listed(client, community=mixed.slug) == ["Latrines"]
    assert sessions_listed(client, community=community.slug, unread="on") == ["Terraces"]


def test_filter_form_is_labelled_and_offers_my_communities_only(client, member, community, mixed, other_facilitator):
    client.force_login(member)
    content = client.get(LIST_URL).content.decode()

    for field in ("unread", "topic", "community"):
        assert f'for="id_{field}"' in content
    assert f'<option value="{community.slug}">CAP Agroécologie</option>' in content
    assert f'<option value="{mixed.slug}">Water and sanitation</option>' in content
    assert "Urban transport Mediterranean" not in content


def test_a_community_not_mine_is_ignored_with_a_message(client, member, mixed, other_facilitator):
    not_mine = other_facilitator.memberships.get(community__name="Urban transport Mediterranean").community
    client.force_login(member)

    response = client.get(LIST_URL, {"community": not_mine.slug})

    assert response.context["form"].errors["community"]
    assert "invalid-feedback" in response.content.decode()
    assert len(response.context["items"]) == 3


def test_filters_with_no_match_say_so(client, member, mixed):
    client.force_login(member)
    content = client.get(LIST_URL, {"topic": "mentions"}).content.decode()
    assert "No notifications match these filters." in content
    assert "No notifications yet." not in content
    assert "Mark all as read" in content, "marking all read does not depend on the filters"


def test_mark_all_read_marks_what_the_filters_hide_too(client, member, mixed):
    client.force_login(member)
    client.get(LIST_URL, {"topic": "reminders"})
    client.post(reverse("notifications:mark-all-read"))
    assert unread(member) == 0


def test_pages_keep_the_filters(client, facilitator, community, member):
    Notification.objects.all().delete()
    role_changes(facilitator, community, member, 31)
    client.force_login(facilitator)

    content = client.get(LIST_URL, {"unread": "on", "topic": "request_decided"}).content.decode()
    assert 'href="?unread=on&amp;topic=request_decided&amp;page=2"' in content
    second = client.get(LIST_URL, {"unread": "on", "topic": "request_decided", "page": 2})
    assert len(second.context["items"]) == 1
    assert 'href="?unread=on&amp;topic=request_decided&amp;page=1"' in second.content.decode()


def test_filtered_list_takes_as_many_queries_for_thirty_notifications_as_for_three(
    client, facilitator, community, member, django_assert_num_queries
):
    client.force_login(facilitator)
    client.get(LIST_URL)  # the first visit notes when the person was last seen; later ones don't write
    filters = {"unread": "on", "topic": "request_decided", "community": community.slug}

    def make(count):
        Notification.objects.filter(recipient=facilitator).delete()
        role_changes(facilitator, community, member, count)

    make(3)
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(LIST_URL, filters).context["items"]) == 3
    make(30)
    with django_assert_num_queries(len(queries)):
        assert len(client.get(LIST_URL, filters).context["items"]) == 30


# --- Marking read -------------------------------------------------------------------------------


def test_mark_all_read_marks_only_my_notifications(client, facilitator, requester, invitee):
    assert unread(facilitator) == 1 and unread(invitee) == 1
    client.force_login(facilitator)

    response = client.post(reverse("notifications:mark-all-read"))

    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert unread(facilitator) == 0
    assert unread(invitee) == 1


def test_mark_all_read_needs_post(client, facilitator, requester):
    client.force_login(facilitator)
    assert client.get(reverse("notifications:mark-all-read")).status_code == 405
    assert unread(facilitator) == 1


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, invitee):
    notification = Notification.objects.get(recipient=invitee)
    assert notification.url.startswith("/invitations/")
    client.force_login(invitee)

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == notification.url
    notification.refresh_from_db()
    assert not notification.is_unread


@pytest.mark.parametrize("url", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", ""])
def test_opening_never_leaves_the_site(client, person, url):
    (notification,) = notify(recipients=[person], kind=NotificationKind.ROLE_CHANGED, url=url, data={"role": "member"})
    client.force_login(person)

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == LIST_URL
    notification.refresh_from_db()
    assert not notification.is_unread


def test_nobody_can_open_or_read_someone_elses_notification(client, facilitator, requester, outsider):
    notification = Notification.objects.get(recipient=facilitator)
    client.force_login(outsider)

    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications:mark-all-read"))

    notification.refresh_from_db()
    assert notification.is_unread
    assert "Rita Requester" not in client.get(LIST_URL).content.decode()


def test_open_needs_post(client, facilitator, requester):
    notification = Notification.objects.get(recipient=facilitator)
    client.force_login(facilitator)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.is_unread


# --- The count in the navigation ---------------------------------------------------------------


@pytest.fixture
def two_requests(community, requester):
    membership_join(community=community, user=verified(UserFactory(display_name="Samba Second")))


def test_header_shows_the_unread_count(client, facilitator, two_requests):
    client.force_login(facilitator)
    content = client.get("/").content.decode()

    assert '<span class="badge rounded-pill text-bg-danger" aria-hidden="true">2</span>' in content
    assert '<span class="visually-hidden">2 unread notifications</span>' in content


def test_notifications_link_counts_in_the_singular_and_hides_a_zero(facilitator, requester):
    request = RequestFactory().get("/")
    request.user = facilitator
    count = notifications_context(request)["unread_notification_count"]

    html = render_to_string("partials/notifications_link.html", {"user": facilitator, "unread_notification_count": count})
    assert '<span class="visually-hidden">1 unread notification</span>' in html
    assert f'href="{LIST_URL}"' in html

    Notification.objects.update(read_at="2026-01-01T00:00Z")
    request.user = facilitator
    html = render_to_string(
        "partials/notifications_link.html",
        {"user": facilitator, "unread_notification_count": notifications_context(request)["unread_notification_count"]},
    )
    assert "badge" not in html and "unread" not in html


def test_unread_count_is_one_query_and_only_when_used(facilitator, two_requests):
    request = RequestFactory().get("/")
    request.user = facilitator
    with CaptureQueriesContext(connection) as queries:
        context = notifications_context(request)
    assert len(queries) == 0

    with CaptureQueriesContext(connection) as queries:
        assert context["unread_notification_count"]() == 2
        assert context["unread_notification_count"]() == 2
    assert len(queries) == 1


def test_unread_count_is_not_offered_to_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert notifications_context(request) == {}


# --- Made by the services, emailed by preference -------------------------------------------------


def test_a_request_to_join_notifies_every_facilitator(
    facilitator, community, member, mailoutbox, django_capture_on_commit_callbacks
):
    membership_set_role(membership=community.memberships.get(user=member), role=Membership.Role.FACILITATOR, by=facilitator)
    mailoutbox.clear()
    asker = verified(UserFactory(display_name="Ama Asker"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_join(community=community, user=asker, message="Bonjour")

    made = Notification.objects.filter(kind=NotificationKind.MEMBERSHIP_REQUESTED, actor=asker)
    assert sorted(n.recipient.pk for n in made) == sorted([facilitator.pk, member.pk])
    assert all(n.community == community and n.target == membership for n in made)
    assert all(n.url == reverse("communities:manage", args=[community.slug]) for n in made)
    assert sorted(message.to[0] for message in mailoutbox) == sorted([facilitator.email, member.email])


@pytest.fixture
def throwaway_email(settings, tmp_path):
    """A throwaway email template, so this test depends on no real email's wording."""
    folder = tmp_path / "emails" / "tests"
    folder.mkdir(parents=True)
    (folder / "ping_subject.txt").write_text("Something happened in {{ community.name }}")
    (folder / "ping_body.txt").write_text("Hello {{ recipient.display_name }}.")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "tests/ping"


def test_email_goes_only_to_people_who_want_this_kind_here(throwaway_email, mailoutbox, django_capture_on_commit_callbacks):
    actor = UserFactory()
    here = community_create(by=actor, name="Water and sanitation", visibility="public")
    elsewhere = community_create(by=actor, name="Urban mobility", visibility="public")
    no_preference, off_everywhere, off_but_on_here, off_here_only, off_elsewhere_only, other_kind_off = (
        UserFactory() for _n in range(6)
    )
    kind = NotificationKind.ROLE_CHANGED
    NotificationPreference.objects.bulk_create([
        NotificationPreference(user=off_everywhere, kind=kind, email=False),
        NotificationPreference(user=off_but_on_here, kind=kind, email=False),
        NotificationPreference(user=off_but_on_here, kind=kind, community=here, email=True),
        NotificationPreference(user=off_here_only, kind=kind, community=here, email=False),
        NotificationPreference(user=off_elsewhere_only, kind=kind, community=elsewhere, email=False),
        NotificationPreference(user=other_kind_off, kind=NotificationKind.INVITATION_RECEIVED, email=False),
    ])
    everyone = [no_preference, off_everywhere, off_but_on_here, off_here_only, off_elsewhere_only, other_kind_off]

    with django_capture_on_commit_callbacks(execute=True):
        made = notify(recipients=everyone, kind=kind, community=here, actor=actor, data={"role": "member"},
                      email_template=throwaway_email)

    assert len(made) == len(everyone), "everyone is notified in the app, whatever their email choice"
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        person.email for person in (no_preference, off_but_on_here, off_elsewhere_only, other_kind_off)
    )
    assert {message.subject for message in mailoutbox} == {"Something happened in Water and sanitation"}
