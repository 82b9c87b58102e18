"""Lists cost the same number of queries whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm per-process caches (content types, site settings) first
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def add_communities(n, creator, start=0):
    from communities.services import community_create

    for i in range(start, start + n):
        community = community_create(by=creator, name=f"Community {i:03}", visibility="public" if i % 2 else "private")
        community.themes.add("agroecology", f"theme {i}")


def add_members(community, n):
    from django.utils import timezone

    people = UserFactory.create_batch(n)
    Membership.objects.bulk_create(
        Membership(user=p, community=community, status="active", joined_at=timezone.now()) for p in people
    )
    for person in people:
        person.expertise.add("agroforestry")


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_directory(client, facilitator, member, community, persona):
    if persona == "member":
        client.force_login(member)
    add_communities(4, facilitator)
    few = queries_for(client, reverse("communities:directory"))
    add_communities(196, facilitator, start=4)
    assert Community.objects.count() == 201
    assert queries_for(client, reverse("communities:directory")) == few
    assert queries_for(client, reverse("communities:directory") + "?page=3&theme=agroecology") == few


def test_member_list(client, community, member):
    client.force_login(member)
    url = reverse("communities:members", args=[community.slug])
    add_members(community, 3)
    few = queries_for(client, url)
    add_members(community, 197)
    assert community.memberships.active().count() == 202
    assert queries_for(client, url) == few


def test_manage_page(client, community, facilitator):
    client.force_login(facilitator)
    url = reverse("communities:manage", args=[community.slug])
    add_members(community, 5)
    few = queries_for(client, url)
    add_members(community, 100)
    assert queries_for(client, url) == few


def test_manage_page_with_a_waiting_list(client, community, facilitator):
    from django.utils import timezone

    client.force_login(facilitator)
    url = reverse("communities:manage", args=[community.slug])
    community.capacity = 1
    community.save()

    def add_waiting(n):
        Membership.objects.bulk_create(
            Membership(user=p, community=community, status="waitlisted", requested_at=timezone.now())
            for p in UserFactory.create_batch(n)
        )

    add_waiting(3)
    few = queries_for(client, url)
    add_waiting(100)
    assert community.memberships.waiting_list().count() == 103
    assert queries_for(client, url) == few


def test_dashboard(client, facilitator):
    client.force_login(facilitator)
    add_communities(2, facilitator)
    few = queries_for(client, "/")
    add_communities(30, facilitator, start=2)
    assert queries_for(client, "/") == few


def test_people_search(client, community, member):
    client.force_login(member)
    url = reverse("people:search") + "?q=agroforestry"
    add_members(community, 5)
    few = queries_for(client, url)
    add_members(community, 40)
    assert queries_for(client, url) == few
