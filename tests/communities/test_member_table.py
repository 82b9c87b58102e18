"""The manage page's member table tells facilitators who is quiet."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from knowledge.services import post_create
from sessions.models import Attendance

from ..factories import UserFactory
from .test_query_counts import add_members, queries_for
from .test_visitor_home import schedule

pytestmark = pytest.mark.django_db


def names_in_order(page):
    table = page.split('id="members-heading"')[1].split("</table>")[0]
    return re.findall(r'<tr><td dir="auto">([^<]+)</td>', table)


@pytest.fixture
def members(community, facilitator, member):
    """Moussa posted yesterday; Awa attended a session a week ago; Quiet Kofi did nothing."""
    awa = UserFactory(display_name="Awa Attendee", organisation="ENDA", country="SN")
    kofi = UserFactory(display_name="Quiet Kofi", organisation="CARE Ghana", country="GH")
    now = timezone.now()
    for person, days in ((awa, 40), (kofi, 10)):
        Membership.objects.create(user=person, community=community, status="active", joined_at=now - timedelta(days=days))
    post = post_create(community=community, author=member, kind="experience", title="Nos champs-écoles", body="Trois saisons.")
    type(post).objects.filter(pk=post.pk).update(created_at=now - timedelta(days=1))
    session = schedule(community, "Atelier", days=-7)
    Attendance.objects.create(session=session, user=awa)
    return awa, kofi


def test_the_table_shows_join_date_activity_organisation_and_country(client, community, facilitator, members):
    client.force_login(facilitator)
    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    table = page.split('id="members-heading"')[1].split("</table>")[0]
    for header in ("Joined", "Last activity here", "Organisation", "Country"):
        assert f">{header}" in table
    assert "CARE Ghana" in table and "Ghana" in table and "ENDA" in table and "Senegal" in table
    assert "Not yet" in table  # Quiet Kofi, and the facilitator who has not posted


def test_sorting_by_activity_puts_the_quiet_members_first(client, community, facilitator, member, members):
    client.force_login(facilitator)
    url = reverse("communities:manage", args=[community.slug])
    quiet_first = names_in_order(client.get(url, {"sort": "activity"}).content.decode())
    assert quiet_first[-2:] == ["Awa Attendee", "Moussa Member"]
    assert set(quiet_first[:2]) == {"Quiet Kofi", facilitator.display_name}
    assert names_in_order(client.get(url, {"sort": "-activity"}).content.decode())[:2] == ["Moussa Member", "Awa Attendee"]
    assert names_in_order(client.get(url, {"sort": "joined"}).content.decode())[:1] == ["Awa Attendee"]
    by_name = names_in_order(client.get(url, {"sort": "nonsense"}).content.decode())
    assert by_name == sorted(by_name, key=str.casefold)


def test_the_sorted_table_costs_the_same_queries_for_many_members(client, community, facilitator, members):
    client.force_login(facilitator)
    url = reverse("communities:manage", args=[community.slug]) + "?sort=-activity"
    few = queries_for(client, url)
    add_members(community, 100)
    assert queries_for(client, url) == few
