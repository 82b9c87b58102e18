"""The community waiting list moves: raising or removing the capacity promotes people in
order, facilitators admit someone out of turn, the page numbers people in promotion order,
and a capacity below the member count is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from communities import services
from communities.models import Community, Membership, MembershipChange
from tests.factories import UserFactory

from ..conftest import PERSONAS, verified

pytestmark = pytest.mark.django_db


def fill(community):
    """Make the community full as it stands: whoever comes next waits."""
    facilitator = community.memberships.facilitators().first().user
    return services.community_update(
        community=community, by=facilitator, capacity=community.memberships.active().count()
    )


def wait(community, *names):
    """People approved into the full community, in this order: they wait on its list."""
    facilitator = community.memberships.facilitators().first().user
    people = []
    for name in names:
        person = verified(UserFactory(display_name=name))
        membership = services.membership_join(community=community, user=person)
        membership = services.membership_approve(membership=membership, by=facilitator)
        assert membership.status == Membership.Status.WAITLISTED
        people.append(person)
    return people


def status_of(person, community):
    return Membership.objects.get(user=person, community=community).status


def welcomed(mailoutbox, person):
    return [m for m in mailoutbox if m.to == [person.email] and m.subject.startswith("Welcome to")]


# --- Raising or removing the capacity ----------------------------------------------------------


def test_raising_the_capacity_promotes_in_order_up_to_it(
    community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    fill(community)
    first, second, third = wait(community, "Zoé First", "Adam Second", "Bea Third")
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=community, by=facilitator, capacity=4)
    assert [status_of(p, community) for p in (first, second, third)] == ["active", "active", "waitlisted"]
    assert community.memberships.active().count() == 4
    assert len(welcomed(mailoutbox, first)) == len(welcomed(mailoutbox, second)) == 1
    assert not welcomed(mailoutbox, third)
    assert MembershipChange.objects.filter(
        membership__user=first, new_value="active", note="promoted from the waiting list", changed_by=facilitator
    ).exists()


def test_removing_the_capacity_promotes_everyone_waiting(
    community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    fill(community)
    people = wait(community, "Zoé First", "Adam Second")
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=community, by=facilitator, capacity=None)
    assert [status_of(p, community) for p in people] == ["active", "active"]
    assert all(welcomed(mailoutbox, p) for p in people)


def test_raising_the_capacity_through_the_settings_page_promotes(client, community, facilitator, member):
    fill(community)
    (first,) = wait(community, "Zoé First")
    client.force_login(facilitator)
    form = client.get(reverse("communities:settings", args=[community.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(capacity=3, themes=[], working_languages=[], countries=[])
    response = client.post(reverse("communities:settings", args=[community.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert status_of(first, community) == "active"


def test_a_closed_community_promotes_nobody(community, facilitator, member):
    fill(community)
    (first,) = wait(community, "Zoé First")
    # Closed before closing withdrew waiting lists: still nobody comes in.
    Community.objects.filter(pk=community.pk).update(status="closed")
    community.refresh_from_db()
    services.community_update(community=community, by=facilitator, capacity=None)
    assert status_of(first, community) == "waitlisted"
    with pytest.raises(ValidationError, match="closed"):
        services.membership_admit_from_waiting_list(
            membership=Membership.objects.get(user=first, community=community), by=facilitator
        )


# --- A capacity below the member count -----------------------------------------------------------


def test_capacity_below_the_member_count_is_refused_by_the_form_with_the_numbers(
    client, community, facilitator, member
):
    services.membership_approve(
        membership=services.membership_join(community=community, user=UserFactory()), by=facilitator
    )
    client.force_login(facilitator)
    url = reverse("communities:settings", args=[community.slug])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(capacity=2, tagline="A tagline typed just now", themes=[], working_languages=[], countries=[])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "This community has 3 members; the capacity can’t be lower than that."
    ]
    assert 'value="A tagline typed just now"' in response.content.decode()
    community.refresh_from_db()
    assert community.capacity is None and community.tagline == "Partager nos pratiques"


def test_capacity_below_the_member_count_is_refused_by_the_service(community, facilitator, member):
    with pytest.raises(ValidationError) as error:
        services.community_update(community=community, by=facilitator, capacity=1, tagline="Changed")
    assert error.value.message_dict == {
        "capacity": ["This community has 2 members; the capacity can’t be lower than that."]
    }
    community = Community.objects.get(pk=community.pk)
    assert community.capacity is None and community.tagline == "Partager nos pratiques"
    # Exactly the member count is fine.
    services.community_update(community=community, by=facilitator, capacity=2)


# --- The page numbers people in promotion order --------------------------------------------------------


def test_waiting_list_is_numbered_in_promotion_order(client, community, facilitator, member):
    fill(community)
    first, second = wait(community, "Zoé First", "Adam Second")  # alphabetical order is the other way
    client.force_login(facilitator)
    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    waiting_list = page[page.index("Waiting list") :]
    assert waiting_list.index("Zoé First") < waiting_list.index("Adam Second")
    services.membership_leave(membership=Membership.objects.get(user=member, community=community))
    assert [status_of(p, community) for p in (first, second)] == ["active", "waitlisted"]


# --- Admitting out of turn ---------------------------------------------------------------------------


def test_facilitator_admits_out_of_turn_into_a_full_community_raising_its_capacity(
    client, community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    fill(community)
    first, second = wait(community, "Zoé First", "Adam Second")
    client.force_login(facilitator)
    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    assert "Admit now (capacity becomes 3)" in page
    membership = Membership.objects.get(user=second, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:admit-from-waiting-list", args=[community.slug, membership.pk]), follow=True
        )
    assert "Adam Second is now a member. The capacity was raised to 3." in response.content.decode()
    assert [status_of(p, community) for p in (first, second)] == ["waitlisted", "active"]
    community.refresh_from_db()
    assert community.capacity == 3
    assert len(welcomed(mailoutbox, second)) == 1 and not welcomed(mailoutbox, first)
    membership.refresh_from_db()
    assert membership.decided_by == facilitator


def test_admitting_with_a_free_place_keeps_the_capacity(community, facilitator, member):
    fill(community)
    first, second = wait(community, "Zoé First", "Adam Second")
    Community.objects.filter(pk=community.pk).update(capacity=3)  # a place freed outside the services
    services.membership_admit_from_waiting_list(
        membership=Membership.objects.get(user=second, community=community), by=facilitator
    )
    community.refresh_from_db()
    assert community.capacity == 3
    assert [status_of(p, community) for p in (first, second)] == ["waitlisted", "active"]


def test_only_someone_waiting_can_be_admitted(client, community, facilitator, member, requester):
    client.force_login(facilitator)
    for person in (member, requester):
        membership = Membership.objects.get(user=person, community=community)
        response = client.post(
            reverse("communities:admit-from-waiting-list", args=[community.slug, membership.pk]), follow=True
        )
        assert "no longer on the waiting list" in response.content.decode()
    assert status_of(requester, community) == "requested"


def test_admitting_needs_a_post_with_its_csrf_token(community, facilitator, member):
    fill(community)
    (waiting,) = wait(community, "Zoé First")
    url = reverse("communities:admit-from-waiting-list", args=[community.slug, Membership.objects.get(user=waiting).pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert status_of(waiting, community) == "waitlisted"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_admit_from_the_waiting_list(client, as_persona, community, persona):
    as_persona(persona)  # personas join before the community fills up
    fill(community)
    (waiting,) = wait(community, "Zoé First")
    membership = Membership.objects.get(user=waiting, community=community)
    response = client.post(reverse("communities:admit-from-waiting-list", args=[community.slug, membership.pk]))
    allowed = persona in ("facilitator", "staff")
    if persona == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == (302 if allowed else 403)
    assert (status_of(waiting, community) == "active") == allowed
