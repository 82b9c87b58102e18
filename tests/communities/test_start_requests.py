"""Starting communities: the Facilitators group, and "I would like to run a community"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import CommunityStartRequest, Notification, NotificationKind
from communities.permissions import FACILITATORS_GROUP, can_create_community

from ..conftest import verified
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("communities:create")
ASK = reverse("communities:start-request-new")
LIST = reverse("communities:start-requests")
REQUEST = {"community_name": "Agroecology in the Sahel", "message": "Twelve extension officers from Mali and Niger."}


def test_the_facilitators_group_holds_the_right_to_start_communities(client, person):
    group = services.facilitators_group()
    assert group.name == FACILITATORS_GROUP
    assert list(group.permissions.values_list("codename", flat=True)) == ["create_community"]
    assert not can_create_community(person)
    person.groups.add(group)
    person = type(person).objects.get(pk=person.pk)  # permissions are cached per object
    assert can_create_community(person)
    client.force_login(person)
    assert client.get(CREATE).status_code == 200


def test_the_refusal_offers_a_way_forward_and_the_request_reaches_platform_admins(
    client, person, platform_admin, plain_staff, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(person)
    page = client.get(CREATE)
    assert page.status_code == 403
    assert "I would like to run a community" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, REQUEST, follow=True)
    assert "Your request has been sent to the platform admins" in response.content.decode()
    start_request = CommunityStartRequest.objects.get()
    assert start_request.requester == person and start_request.is_pending
    (notification,) = Notification.objects.filter(kind=NotificationKind.START_REQUESTED)
    assert notification.recipient == platform_admin, "plain staff don't act site-wide"
    assert [m.to for m in mailoutbox] == [[platform_admin.email]]
    assert "Agroecology in the Sahel" in mailoutbox[0].body and start_request.get_absolute_url() in mailoutbox[0].body
    page = client.get(CREATE).content.decode()
    assert "You asked to run “Agroecology in the Sahel”" in page and 'name="community_name"' not in page


def test_one_open_request_per_person(client, person):
    client.force_login(person)
    client.post(ASK, REQUEST)
    response = client.post(ASK, {**REQUEST, "community_name": "Another"}, follow=True)
    assert "You have already asked" in response.content.decode()
    assert response.redirect_chain[-1][0] == CommunityStartRequest.objects.get().get_absolute_url()
    assert CommunityStartRequest.objects.count() == 1


def test_an_empty_request_gets_field_errors_and_keeps_what_was_typed(client, person):
    client.force_login(person)
    response = client.post(ASK, {"community_name": "Mediterranean transport", "message": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and 'value="Mediterranean transport"' in page
    assert not CommunityStartRequest.objects.exists()


def test_a_platform_admin_grants_from_the_notification_in_one_step(
    client, person, platform_admin, mailoutbox, django_capture_on_commit_callbacks
):
    start_request = services.start_request_send(by=person, **REQUEST)
    client.force_login(platform_admin)
    (notification,) = Notification.objects.filter(recipient=platform_admin)
    page = client.get(notification.url)
    assert page.status_code == 200 and "Twelve extension officers" in page.content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(notification.url, {"decision": "grant", "reason": ""})
    assert response.status_code == 302
    start_request.refresh_from_db()
    assert start_request.status == "granted" and start_request.decided_by == platform_admin
    person = type(person).objects.get(pk=person.pk)
    assert person.groups.filter(name=FACILITATORS_GROUP).exists() and can_create_community(person)
    (told,) = Notification.objects.filter(recipient=person)
    assert told.kind == NotificationKind.START_REQUEST_GRANTED and told.url == CREATE
    assert [m.to for m in mailoutbox] == [[person.email]]
    client.force_login(person)
    assert client.get(CREATE).status_code == 200


def test_declining_needs_a_reason_which_the_person_reads(client, person, platform_admin, mailoutbox, django_capture_on_commit_callbacks):
    start_request = services.start_request_send(by=person, **REQUEST)
    client.force_login(platform_admin)
    response = client.post(start_request.get_absolute_url(), {"decision": "decline", "reason": "  "})
    assert response.status_code == 400 and "Say why the request is declined" in response.content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start_request.get_absolute_url(), {"decision": "decline", "reason": "Please join an existing one first."})
    start_request.refresh_from_db()
    assert start_request.status == "declined"
    assert not can_create_community(type(person).objects.get(pk=person.pk))
    (told,) = Notification.objects.filter(recipient=person)
    assert told.data["reason"] == "Please join an existing one first."
    assert "Please join an existing one first." in mailoutbox[0].body
    client.force_login(person)
    page = client.get(CREATE).content.decode()
    assert "Please join an existing one first." in page and 'name="community_name"' in page, "they may ask again"


def test_a_request_is_answered_once(person, platform_admin):
    start_request = services.start_request_send(by=person, **REQUEST)
    services.start_request_decide(start_request=start_request, by=platform_admin, grant=True)
    with pytest.raises(ValidationError):
        services.start_request_decide(start_request=start_request, by=platform_admin, grant=False, reason="No")


def test_someone_who_may_already_start_communities_is_not_offered_the_request(client, staff):
    client.force_login(staff)
    assert client.get(CREATE).status_code == 200
    response = client.post(ASK, REQUEST)
    assert response.status_code == 302 and not CommunityStartRequest.objects.exists()


@pytest.mark.parametrize(
    "persona, list_status, detail_status, may_decide",
    [
        ("anonymous", 302, 302, False),
        ("requester", 403, 200, False),
        ("other", 403, 403, False),
        ("plain_staff", 403, 403, False),
        ("platform_admin", 200, 200, True),
        ("superuser", 200, 200, True),
    ],
)
def test_who_may_see_and_answer_requests(client, person, persona, list_status, detail_status, may_decide, request):
    start_request = services.start_request_send(by=person, **REQUEST)
    users = {
        "requester": person,
        "other": verified(UserFactory()),
        "plain_staff": request.getfixturevalue("plain_staff") if persona == "plain_staff" else None,
        "platform_admin": request.getfixturevalue("platform_admin") if persona == "platform_admin" else None,
        "superuser": request.getfixturevalue("staff") if persona == "superuser" else None,
    }
    if persona != "anonymous":
        client.force_login(users[persona])
    assert client.get(LIST).status_code == list_status
    assert client.get(start_request.get_absolute_url()).status_code == detail_status
    response = client.post(start_request.get_absolute_url(), {"decision": "grant"})
    start_request.refresh_from_db()
    assert (start_request.status == "granted") is may_decide
    if not may_decide:
        assert response.status_code in (302, 403)


def test_the_list_of_requests_takes_a_fixed_number_of_queries(client, platform_admin, django_assert_max_num_queries):
    for _n in range(8):
        services.start_request_send(by=verified(UserFactory()), **REQUEST)
    client.force_login(platform_admin)
    with django_assert_max_num_queries(8):
        page = client.get(LIST)
    assert page.content.decode().count("Agroecology in the Sahel") == 8


def test_an_admin_answers_from_django_admin_in_one_step(admin_client, person, mailoutbox, django_capture_on_commit_callbacks):
    start_request = services.start_request_send(by=person, **REQUEST)
    url = reverse("admin:communities_communitystartrequest_change", args=[start_request.pk])
    response = admin_client.post(url, {"decision": "decline", "answer": ""})
    assert response.status_code == 200 and "Say why the request is declined" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"decision": "decline", "answer": "Not this year."})
    start_request.refresh_from_db()
    assert start_request.status == "declined" and start_request.reason == "Not this year."
    assert Notification.objects.filter(recipient=person, kind=NotificationKind.START_REQUEST_DECLINED).exists()


def test_demo_facilitators_may_start_communities(db):
    from demo.people import seed_people

    people = seed_people()
    assert all(can_create_community(f) for f in people["facilitators"])
    assert not any(can_create_community(p) for p in people["practitioners"])


def test_only_platform_admins_are_offered_the_platform_email_choice(
    client, person, platform_admin, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("notifications:settings")
    client.force_login(person)
    assert 'name="platform"' not in client.get(url).content.decode()
    client.force_login(platform_admin)
    assert 'name="platform"' in client.get(url).content.decode()
    from communities.notifications import email_choices_set

    email_choices_set(user=platform_admin, choices={"platform": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.start_request_send(by=person, **REQUEST)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=platform_admin).count() == 1, "still told in the site"
