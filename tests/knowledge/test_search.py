"""Search: stemming and accents on PostgreSQL, a plain fallback on SQLite, permissions,
and snippets that can never carry markup."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community
from knowledge import search
from knowledge import services as knowledge
from knowledge.services import products

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL full-text search")


@pytest.fixture
def post(community, member):
    return knowledge.post_create(
        community=community, author=member, kind="experience", language="fr",
        title="Champs-écoles agroécologiques à Thiès",
        body="Nos démarches agroécologiques avec les groupements de femmes ont doublé les rendements.",
    )


def titles(user, q, **filters):
    return [result.title for result in search.search(user, q, **filters)]


@pytest.mark.sqlite
def test_members_find_posts_of_their_private_community_and_outsiders_do_not(post, member, outsider):
    assert titles(member, "groupements") == [post.title]
    assert titles(outsider, "groupements") == []
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser(), "groupements") == []


@on_postgres
def test_stemming_and_accents_agroecologie_finds_agroecologique(post, member):
    assert titles(member, "agroécologie") == [post.title]
    assert titles(member, "AGROECOLOGIE") == [post.title]


@on_postgres
def test_title_weighs_more_than_body(community, member, post):
    other = knowledge.post_create(
        community=community, author=member, kind="idea", language="fr", title="Une idée sur les semences",
        body="Thiès " * 3,
    )
    found = titles(member, "Thiès")
    assert found.index(post.title) < found.index(other.title)


@on_postgres
def test_arabic_input(community, member):
    arabic = knowledge.post_create(
        community=community, author=member, kind="question", language="ar",
        title="كيف نشرك المجتمعات في تقييم المشاريع؟", body="نبحث عن أدوات للتقييم التشاركي في الزراعة.",
    )
    assert titles(member, "الزراعة") == [arabic.title]


@pytest.mark.sqlite
def test_snippets_are_escaped_before_highlighting(community, member):
    knowledge.post_create(
        community=community, author=member, kind="idea", language="en", title="Ideas",
        body='Use <script>alert("x")</script> and <img src=x onerror=alert(1)> for irrigation planning',
    )
    (result,) = search.search(member, "irrigation")
    assert "<script>" not in result.snippet and "<img" not in result.snippet
    assert "&lt;script&gt;" in result.snippet and "<mark>irrigation</mark>" in result.snippet


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "query", ["", "   ", '"unbalanced', "OR AND -", "the and of", "x" * 10_000, "العربية", "'; DROP TABLE x; --", "\x02\x03", "a:*|!b"]
)
def test_odd_input_answers_and_never_errors(client, member, post, query):
    client.force_login(member)
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200


@pytest.mark.sqlite
def test_community_only_product_stays_in_its_community(community, facilitator, member, other_facilitator):
    product = products.product_create(community=community, by=member, title="Fiche sur la régénération naturelle", summary="Régénération assistée")
    products.product_submit(product=product, by=member)
    products.product_publish(product=product, by=facilitator, visibility="community", licence="cc-by-4.0")
    assert titles(member, "régénération", kind="product") == [product.title]
    assert titles(other_facilitator, "régénération", kind="product") == []
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser(), "régénération") == []


@pytest.mark.sqlite
def test_public_product_is_found_by_anyone(community, facilitator, member):
    from django.contrib.auth.models import AnonymousUser

    product = products.product_create(community=community, by=member, title="Regenerating degraded land", summary="farmer managed regeneration")
    products.product_submit(product=product, by=member)
    products.product_publish(product=product, by=facilitator, visibility="public", licence="cc-by-4.0")
    (result,) = search.search(AnonymousUser(), "regeneration")
    assert result.url == product.get_library_url()


@pytest.mark.sqlite
def test_filters_by_community_kind_and_theme(community, member, post, other_facilitator):
    public = Community.objects.get(name="Urban transport Mediterranean")
    knowledge.post_create(community=public, author=other_facilitator, kind="resource", language="en",
                          title="Groupements of bus operators", body="groupements", themes=["urban transport"])
    assert set(titles(member, "groupements")) == {post.title, "Groupements of bus operators"}
    assert titles(member, "groupements", community=public) == ["Groupements of bus operators"]
    assert titles(member, "groupements", theme="urban transport") == ["Groupements of bus operators"]
    assert titles(member, "groupements", kind="reply") == []


def test_search_page_queries_do_not_grow_with_results(client, community, member):
    client.force_login(member)
    for n in range(3):
        knowledge.post_create(community=community, author=member, kind="idea", language="en", title=f"Compost idea {n}", body="compost")
    url = reverse("search:search") + "?q=compost"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(40):
        knowledge.post_create(community=community, author=member, kind="idea", language="en", title=f"More compost {n}", body="compost")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
