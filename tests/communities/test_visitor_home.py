"""The home page of someone not signed in: a living platform, and nothing private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities import services
from knowledge.models import CapitalizationProduct
from sessions import services as session_services

from ..knowledge.test_library import publish

pytestmark = pytest.mark.django_db


def schedule(community, title, days=7):
    start = timezone.now() + timedelta(days=days)
    return session_services.session_schedule(
        community=community, by=community.memberships.facilitators().first().user, title=title,
        technique="co_development", format="virtual", video_link="https://meet.example.org/x",
        starts_at=start, ends_at=start + timedelta(hours=2), timezone="Africa/Dakar",
    )


@pytest.fixture
def platform(facilitator, community, member):
    """A public community with a session and a public product; the private one has the same."""
    public = services.community_create(
        by=facilitator, name="Transport urbain Méditerranée", tagline="Des villes qui bougent",
        visibility="public", join_policy="open", status="active",
    )
    closed = services.community_create(by=facilitator, name="Ancienne cohorte", visibility="public", status="closed")
    schedule(public, "Atelier BRT à Tunis")
    schedule(community, "Réunion interne des conseillers")
    services.membership_join(community=public, user=member)
    publish(public, member, title="Bus rapides : leçons de Dakar")
    publish(community, member, title="Notre bilan interne", visibility=CapitalizationProduct.Visibility.COMMUNITY)
    return public, closed


def test_a_visitor_sees_public_communities_products_and_sessions(client, platform, community):
    public, closed = platform
    page = client.get("/").content.decode()
    assert "Transport urbain Méditerranée" in page and "Des villes qui bougent" in page
    assert "Bus rapides : leçons de Dakar" in page
    assert "Atelier BRT à Tunis" in page
    for private in (community.name, "Réunion interne des conseillers", "Notre bilan interne", closed.name):
        assert private not in page


def test_an_empty_platform_says_so(client, db):
    page = client.get("/").content.decode()
    assert "No public community yet." in page
    assert "No capitalization product published for everyone yet." in page
    assert "No session planned in the public communities for now." in page


def test_the_visitor_home_takes_a_fixed_number_of_queries(client, facilitator, django_assert_max_num_queries):
    def add(count, start):
        for number in range(start, start + count):
            public = services.community_create(
                by=facilitator, name=f"Communauté {number}", visibility="public", status="active", themes=["bus"]
            )
            schedule(public, f"Session {number}")

    add(2, 0)
    with django_assert_max_num_queries(12) as few:
        client.get("/")
    add(10, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
