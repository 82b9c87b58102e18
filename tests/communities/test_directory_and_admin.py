"""The directory's filters, the friendly 403, and membership admin."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import Membership, MembershipChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities(facilitator):
    services.community_create(
        by=facilitator, name="Agroforestry Great Lakes", tagline="Trees and farms", themes=["agroforestry"],
        working_languages="fr,rw", countries=["RW", "BI"], status="active",
    )
    services.community_create(
        by=facilitator, name="Urban transport", tagline="Buses and bikes", themes=["urban transport"],
        working_languages="en,ar", countries=["TN", "EG"], status="forming",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "bikes"}, {"Urban transport"}),
        ({"q": "agroforestry"}, {"Agroforestry Great Lakes"}),
        ({"theme": "Urban Transport"}, {"Urban transport"}),
        ({"language": "rw"}, {"Agroforestry Great Lakes"}),
        ({"country": "EG"}, {"Urban transport"}),
        ({"status": "forming"}, {"Urban transport"}),
        ({}, {"Agroforestry Great Lakes", "Urban transport"}),
    ],
)
def test_directory_filters(client, communities, query, expected):
    response = client.get(reverse("communities:directory"), query)
    assert {community.name for community in response.context["page"].object_list} == expected


def test_directory_says_when_nothing_matches(client, communities):
    page = client.get(reverse("communities:directory"), {"q": "astronomy"}).content.decode()
    assert "No community matches these filters." in page


def test_forbidden_page_is_the_friendly_403(client, community, outsider):
    client.force_login(outsider)
    response = client.get(reverse("communities:manage", args=[community.slug]))
    assert response.status_code == 403
    assert "You can’t see this page" in response.content.decode()


def test_co_members_see_each_others_profiles(client, community, member, facilitator):
    client.force_login(member)
    page = client.get(reverse("people:detail", args=[facilitator.pk])).content.decode()
    assert facilitator.organisation in page


def test_admin_bulk_approves_and_records_the_change(client, community, requester, staff):
    membership = Membership.objects.get(user=requester)
    client.force_login(staff)
    url = reverse("admin:communities_membership_changelist")
    client.post(url, {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.is_active
    change = MembershipChange.objects.filter(membership=membership).first()
    assert (change.old_value, change.new_value, change.changed_by) == ("requested", "active", staff)
    page = client.get(reverse("admin:communities_membership_change", args=[membership.pk])).content.decode()
    assert "requested" in page and staff.display_name in page


def test_admin_refuses_to_remove_the_last_facilitator_and_says_why(client, community, facilitator, staff):
    membership = Membership.objects.get(user=facilitator)
    client.force_login(staff)
    response = client.post(
        reverse("admin:communities_membership_changelist"), {"action": "remove", "_selected_action": [membership.pk]}, follow=True
    )
    assert "at least one facilitator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_facilitator


def test_admin_exports_selected_memberships_as_csv(client, community, member, staff):
    client.force_login(staff)
    ids = list(Membership.objects.values_list("pk", flat=True))
    response = client.post(reverse("admin:communities_membership_changelist"), {"action": "export_csv", "_selected_action": ids})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("community,name,email") and len(lines) == 3
    assert any(member.email in line for line in lines)


def test_admin_filters_memberships_by_country_and_searches_by_organisation(client, community, member, staff):
    client.force_login(staff)
    url = reverse("admin:communities_membership_changelist")
    assert member.display_name in client.get(url, {"user__country__exact": "SN"}).content.decode()
    assert member.display_name not in client.get(url, {"user__country__exact": "TN"}).content.decode()
    assert member.display_name in client.get(url, {"q": member.organisation}).content.decode()
