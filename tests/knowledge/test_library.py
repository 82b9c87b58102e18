"""The public library: only public published products, open to anyone, citable, filterable,
and a community-only product never leaves its community."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community
from knowledge.models import CapitalizationProduct
from knowledge.services import products
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

Visibility = CapitalizationProduct.Visibility


def publish(community, by, visibility=Visibility.PUBLIC, licence="cc-by-4.0", **fields):
    """A product written by ``by``, sent for review, and published by a facilitator of its community."""
    values = {
        "title": "Champs-écoles paysans à Kaolack",
        "summary": "Trois saisons de champs-écoles pour restaurer les sols.",
        "lessons": "Les **visites** entre paysans convainquent plus que les formations.",
        "replication": "Un animateur formé par village.",
        "language": "fr",
        "countries": "SN,ML",
        "themes": ["soil fertility"],
    }
    values.update(fields)
    product = products.product_create(community=community, by=by, **values)
    products.product_submit(product=product, by=by)
    reviewer = community.memberships.facilitators().first().user
    return products.product_publish(product=product, by=reviewer, visibility=visibility, licence=licence)


@pytest.fixture
def public_product(community, member):
    return publish(community, member)


@pytest.fixture
def community_only(community, member):
    return publish(community, member, visibility=Visibility.COMMUNITY, title="Notre bilan interne")


@pytest.fixture
def public_community(other_facilitator):
    return Community.objects.get(name="Urban transport Mediterranean")


def login_url_for(response):
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


# --- What reaches whom ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_community_only_product_never_reaches_the_library(
    client, as_persona, persona, community_only, public_product
):
    as_persona(persona)
    page = client.get(reverse("library:list")).content.decode()
    assert "Champs-écoles paysans à Kaolack" in page
    assert "Notre bilan interne" not in page
    assert client.get(community_only.get_library_url()).status_code == 404

    response = client.get(community_only.get_absolute_url())
    if persona in ("member", "facilitator", "staff"):
        assert response.status_code == 200 and "Notre bilan interne" in response.content.decode()
    elif persona == "anonymous":
        assert login_url_for(response)
    else:
        assert response.status_code == 403


def test_a_community_only_product_of_a_public_community_is_for_its_members(
    client, public_community, other_facilitator, outsider
):
    product = publish(
        public_community, other_facilitator, visibility=Visibility.COMMUNITY, title="Lignes de bus : bilan"
    )
    assert login_url_for(client.get(product.get_absolute_url()))
    page = client.get(reverse("products:list", args=[public_community.slug])).content.decode()
    assert "Lignes de bus : bilan" not in page and "No capitalization product yet." in page
    assert client.get(product.get_library_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(product.get_absolute_url()).status_code == 403


def test_drafts_and_products_in_review_are_not_in_the_library(client, community, member, facilitator, public_product):
    draft = products.product_create(community=community, by=member, title="Un brouillon")
    assert client.get(draft.get_library_url()).status_code == 404
    products.product_submit(product=draft, by=member)
    assert client.get(draft.get_library_url()).status_code == 404
    products.product_return_to_draft(product=public_product, by=facilitator)  # public, then back to draft
    assert client.get(public_product.get_library_url()).status_code == 404
    page = client.get(reverse("library:list")).content.decode()
    assert "Un brouillon" not in page and "Champs-écoles" not in page
    assert "The library is empty for now." in page


def test_a_public_product_is_open_to_anonymous_visitors_with_licence_and_citation(client, public_product, member):
    page = client.get(reverse("library:list")).content.decode()
    assert (
        f'href="{public_product.get_library_url()}"' in page and "Moussa Member" in page and "CAP Agroécologie" in page
    )

    response = client.get(public_product.get_library_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "<strong>visites</strong>" in page and "Un animateur formé par village." in page
    assert "Moussa Member" in page and "CAP Agroécologie" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page and "CC BY 4.0" in page
    assert "How to cite" in page
    assert products.citation(public_product) in page
    assert re.search(
        r"Moussa Member \(\d{4}\)\. Champs-écoles paysans à Kaolack\. CAP Agroécologie\. http\S+/library/\d+/", page
    )
    assert re.search(r'<link[^>]+href="/static/css/print\.css"[^>]+media="print"', page)
    assert "use your browser’s Print command" in page
    assert '<script src="/static/js/print.js"' in page
    assert "<script>" not in page and "style=" not in page
    # The community page of the product is open too, even though the community is private.
    assert client.get(public_product.get_absolute_url()).status_code == 200


def test_all_rights_reserved_has_no_licence_link(client, community, member):
    product = publish(community, member, licence="all-rights-reserved")
    page = client.get(product.get_library_url()).content.decode()
    assert "All rights reserved" in page and "creativecommons.org" not in page


# --- Finding things -------------------------------------------------------------------------


@pytest.fixture
def shelf(community, member, public_community, other_facilitator):
    return {
        "kaolack": publish(community, member),
        "compost": publish(
            community, member, title="Le compost collectif", countries="BF", themes=["Compost"], language="fr"
        ),
        "buses": publish(
            public_community,
            other_facilitator,
            title="Bus lanes in Tunis",
            countries="TN",
            themes=["transport"],
            language="en",
        ),
        "hidden": publish(
            community, member, visibility=Visibility.COMMUNITY, title="Notre bilan interne", themes=["compost"]
        ),
    }


def titles(client, **query):
    page = client.get(reverse("library:list"), query).content.decode()
    return {
        title
        for title in (
            "Champs-écoles paysans à Kaolack",
            "Le compost collectif",
            "Bus lanes in Tunis",
            "Notre bilan interne",
        )
        if title in page
    }


def test_filters(client, shelf, public_community):
    everything = {"Champs-écoles paysans à Kaolack", "Le compost collectif", "Bus lanes in Tunis"}
    assert titles(client) == everything
    assert titles(client, theme="compost") == {"Le compost collectif"}
    assert titles(client, country="ML") == {"Champs-écoles paysans à Kaolack"}
    assert titles(client, country="TN") == {"Bus lanes in Tunis"}
    assert titles(client, community=public_community.slug) == {"Bus lanes in Tunis"}
    assert titles(client, language="fr") == {"Champs-écoles paysans à Kaolack", "Le compost collectif"}
    assert titles(client, language="fr", country="BF") == {"Le compost collectif"}
    assert titles(client, q="tunis") == {"Bus lanes in Tunis"}
    assert titles(client, theme="nothing like it") == set()
    page = client.get(reverse("library:list"), {"theme": "nothing like it"}).content.decode()
    assert "No product matches these filters." in page


def test_the_community_filter_offers_only_communities_with_public_products(client, shelf, community, public_community):
    products.product_return_to_draft(product=shelf["buses"], by=shelf["buses"].published_by)
    page = client.get(reverse("library:list")).content.decode()
    assert f'<option value="{community.slug}">' in page
    assert f'<option value="{public_community.slug}">' not in page


def test_pagination_keeps_the_filters(client, community, member):
    for i in range(23):
        publish(community, member, title=f"Produit {i:02}", themes=["sols"])
    page = client.get(reverse("library:list"), {"theme": "sols"}).content.decode()
    assert "Page 1 of 2" in page and "theme=sols&amp;page=2" in page
    assert len(re.findall(r'href="/library/\d+/"', page)) == 20
    page = client.get(reverse("library:list"), {"theme": "sols", "page": 2}).content.decode()
    assert len(re.findall(r'href="/library/\d+/"', page)) == 3


# --- Cost ---------------------------------------------------------------------------------------


def queries_for(client, address, query=None):
    client.get(address, query)  # warm per-process caches (content types, site settings) first
    with CaptureQueriesContext(connection) as context:
        response = client.get(address, query)
    assert response.status_code == 200
    return len(context)


def test_the_library_costs_the_same_for_5_or_60_products(client, community, member, aminata_factory):
    others = [aminata_factory(f"Co-author {i}") for i in range(3)]

    def shelve(start, count):
        for i in range(start, start + count):
            publish(
                community, member, title=f"Produit {i:02}", co_authors=others[: i % 4], themes=["sols", f"thème {i}"]
            )

    shelve(0, 5)
    few = queries_for(client, reverse("library:list"))
    filtered = queries_for(client, reverse("library:list"), {"theme": "sols", "language": "fr", "country": "SN"})
    shelve(5, 55)
    assert CapitalizationProduct.objects.in_library().count() == 60
    assert queries_for(client, reverse("library:list")) == few
    assert (
        queries_for(client, reverse("library:list"), {"theme": "sols", "language": "fr", "country": "SN"}) == filtered
    )
    assert queries_for(client, reverse("library:list"), {"page": 3}) == few


@pytest.fixture
def aminata_factory(community, facilitator):
    from communities.services import membership_approve, membership_join
    from tests.conftest import verified
    from tests.factories import UserFactory

    def make(display_name):
        person = verified(UserFactory(display_name=display_name))
        membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
        return person

    return make
