"""Search: stemming and accents on PostgreSQL (its full text) and on SQLite (the folded,
stemmed ``search_text``), permissions, and snippets that can never carry markup.

The cases marked ``sqlite`` run on whichever database the suite runs on, through that
database's search (``make test`` runs them on PostgreSQL, then again on SQLite). On
PostgreSQL the ``engine`` fixture also runs them through the SQLite path, so a change to
either is caught by either pass.
"""

import importlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from knowledge import search
from knowledge import services as knowledge
from knowledge.models import CapitalizationProduct, Post, Reply
from knowledge.services import products
from sessions import services as sessions
from sessions.models import Session, SessionReport
from sessions.services import reports

pytestmark = pytest.mark.django_db

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.fixture(autouse=True, params=["native", "folded"] if ON_POSTGRES else ["native"])
def engine(request, monkeypatch):
    """``native``: the database's own search. ``folded``: the SQLite path, forced."""
    if request.param == "folded":
        monkeypatch.setattr(search, "uses_postgres", lambda: False)
    return request.param


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


@pytest.mark.sqlite
def test_stemming_and_accents_agroecologie_finds_agroecologique(post, member):
    assert titles(member, "agroécologie") == [post.title]
    assert titles(member, "AGROECOLOGIE") == [post.title]


@pytest.mark.sqlite
def test_title_weighs_more_than_body(community, member, post):
    other = knowledge.post_create(
        community=community, author=member, kind="idea", language="fr", title="Une idée sur les semences",
        body="Thiès " * 3,
    )
    found = titles(member, "Thiès")
    assert found.index(post.title) < found.index(other.title)


@pytest.mark.sqlite
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


@pytest.mark.sqlite
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


# --- Accents and plurals, English and French, on either database ------------------------------


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "language, text, query",
    [
        ("fr", "La pêche sur le lac Nokoué", "nokoue"),
        ("fr", "La pêche sur le lac Nokoue", "Nokoué"),
        ("fr", "La pêche sur le lac Nokoué", "NOKOUE"),
        ("fr", "Une évaluation à mi-parcours", "évaluations"),
        ("fr", "Trois évaluations participatives", "evaluation"),
        ("fr", "Le réseau des éleveurs", "réseaux"),
        ("fr", "Nos semences paysannes", "semence"),
        ("fr", "Le groupement des femmes", "groupements"),
        ("en", "Farmer field schools", "farmers"),
        ("en", "Three cities compared", "city"),
        ("en", "What the evaluations told us", "evaluation"),
        ("en", "Regenerating degraded land", "régénération"),
    ],
)
def test_accents_and_plurals_are_forgiven(community, member, language, text, query):
    found = knowledge.post_create(community=community, author=member, kind="idea", language=language, title=text, body="")
    knowledge.post_create(community=community, author=member, kind="idea", language=language,
                          title="Irrigation goutte à goutte", body="Drip irrigation in the dry season")
    assert titles(member, query) == [found.title]


@pytest.mark.sqlite
def test_accents_and_plurals_are_forgiven_in_bodies_replies_products_and_reports(community, facilitator, member):
    community.working_languages = "fr"
    community.save(update_fields=["working_languages"])
    post = knowledge.post_create(community=community, author=member, kind="question", language="fr",
                                 title="Une question", body="Qui connaît les pêcheurs du lac ?")
    knowledge.reply_create(post=post, author=facilitator, body="Les pêcheurs de Nokoué, à Ganvié.")
    product = products.product_create(community=community, by=member, title="Une fiche", summary="Nos évaluations à Nokoué")
    start = timezone.now() + timedelta(days=7)
    session = sessions.session_schedule(
        community=community, by=facilitator, title="Atelier de restitution", technique="co_development", format="virtual",
        video_link="https://meet.example.org/atelier", starts_at=start, ends_at=start + timedelta(hours=2), timezone="UTC",
    )
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now())
    session.refresh_from_db()
    reports.report_save(session=session, by=facilitator, attendee_ids=[], key_points="Deux évaluations à Nokoué",
                        lessons="", decisions="")
    assert titles(member, "pecheur", kind="post") == [post.title]
    assert titles(member, "nokoue", kind="reply") == [post.title]
    assert titles(member, "evaluation nokoue", kind="product") == [product.title]
    assert titles(member, "evaluation nokoue", kind="report") == [session.title]


@pytest.mark.sqlite
def test_a_query_of_common_words_alone_finds_nothing(community, member):
    knowledge.post_create(community=community, author=member, kind="idea", language="en",
                          title="The state of the art", body="And this is for the rest of us")
    assert titles(member, "the and of") == []


@pytest.mark.sqlite
def test_an_edited_reply_is_found_by_its_new_words_only(community, facilitator, member, post):
    reply = knowledge.reply_create(post=post, author=member, body="Les semis de mil")
    knowledge.reply_update(reply=reply, by=member, body="Les récoltes de sorgho")
    assert titles(member, "sorgho", kind="reply") == [post.title]
    assert titles(member, "semis", kind="reply") == []


@pytest.mark.sqlite
def test_an_edited_product_is_found_by_its_new_words_only(community, member):
    product = products.product_create(community=community, by=member, title="Une fiche", summary="Les semis de mil")
    products.product_update(product=product, by=member, base_version=product.version, summary="Les récoltes de sorgho")
    assert titles(member, "sorgho", kind="product") == [product.title]
    assert titles(member, "semis", kind="product") == []


@pytest.mark.sqlite
def test_search_reads_the_stored_index_of_its_database(engine, post, member):
    """On PostgreSQL the search vector, on SQLite the folded words: emptied, nothing is found."""
    assert titles(member, "groupements") == [post.title]
    if search.uses_postgres():
        Post.objects.update(search_vector=None)
    else:
        Post.objects.update(search_text="")
    assert titles(member, "groupements") == []


@pytest.mark.sqlite
def test_folded_text_holds_the_title_stems_before_the_bar(post):
    post.refresh_from_db()
    title, rest = post.search_text.split("|")
    assert title.startswith(" ") and title.endswith(" ") and rest.startswith(" ") and rest.endswith(" ")
    assert " agroecolog " in title and " thi " in title
    assert " groupement " in rest and " femm " in rest and " agroecolog " in rest
    assert "é" not in post.search_text and "Thiès" not in post.search_text


@pytest.mark.sqlite
def test_the_migration_fills_the_folded_text_of_existing_rows(community, facilitator, member, post):
    reply = knowledge.reply_create(post=post, author=facilitator, body="Des évaluations")
    product = products.product_create(community=community, by=member, title="Une fiche", summary="Nokoué")
    expected = {model: list(model.objects.values_list("pk", "search_text")) for model in (Post, Reply, CapitalizationProduct)}
    for model in (Post, Reply, CapitalizationProduct, SessionReport):
        model.objects.update(search_text="")
    migration = importlib.import_module("knowledge.migrations.0006_search_on_sqlite")
    from django.apps import apps

    migration.fill(apps, type("SchemaEditor", (), {"connection": connection}))
    for model, rows in expected.items():
        assert list(model.objects.values_list("pk", "search_text")) == rows
    assert " evalu " in Reply.objects.get(pk=reply.pk).search_text
    assert " nokou " in CapitalizationProduct.objects.get(pk=product.pk).search_text
