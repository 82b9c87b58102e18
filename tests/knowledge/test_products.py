"""Capitalization products in a community: writing together, review, publishing, history,
and edits made at the same time that never lose text."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from communities.services import membership_approve, membership_join
from knowledge.models import CapitalizationProduct, Post, ProductRevision, ReviewComment
from knowledge.services import post_create, products
from sessions import services as session_services
from sessions.services.reports import report_save
from tests.conftest import PERSONAS, verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = CapitalizationProduct.Status


# --- Set-up, through the real services ------------------------------------------------------


@pytest.fixture
def join(community, facilitator):
    def make(display_name):
        person = verified(UserFactory(display_name=display_name))
        membership_approve(membership=membership_join(community=community, user=person), by=facilitator)
        return person

    return make


@pytest.fixture
def aminata(join):
    return join("Aminata Diallo")


def start_product(community, by, **fields):
    values = {
        "title": "Champs-écoles paysans à Kaolack",
        "summary": "Trois saisons de champs-écoles pour restaurer les sols.",
        "context": "Des sols épuisés après vingt ans d’arachide.",
        "lessons": "Les visites entre paysans convainquent plus que les formations.",
        "language": "fr",
    }
    values.update(fields)
    return products.product_create(community=community, by=by, **values)


@pytest.fixture
def product(community, member):
    return start_product(community, member)


@pytest.fixture
def in_review(product, member):
    return products.product_submit(product=product, by=member)


def url(name, product):
    return reverse(f"products:{name}", args=[product.community.slug, product.pk])


def edit_data(product, **changes):
    """What the edit form posts when nothing is touched, with ``changes`` typed in."""
    product.refresh_from_db()
    data = {name: getattr(product, name) for name in CapitalizationProduct.TEXT_FIELDS}
    data.update(
        base_version=product.version,
        language=product.language,
        themes=", ".join(tag.name for tag in product.themes.all()),
        countries=[code for code in product.countries.split(",") if code],
        co_authors=[person.pk for person in product.co_authors.all()],
        source_posts=[post.pk for post in product.source_posts.all()],
        source_reports=[report.pk for report in product.source_reports.all()],
    )
    data.update(changes)
    return data


def refused(response, persona):
    """Anonymous visitors are asked to sign in; signed-in people without the right get 403."""
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("account_login"))
    return response.status_code == 403


# --- Starting a product ----------------------------------------------------------------------


def past_session_with_report(community, facilitator):
    start = timezone.now() - timedelta(days=3)
    session = session_services.session_schedule(
        community=community,
        by=facilitator,
        title="Co-développement : la fertilité des sols",
        technique="co_development",
        format="in_person",
        venue="Kaolack",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        timezone="Africa/Dakar",
    )
    return report_save(
        session=session, by=facilitator, attendee_ids=[], key_points="Le compost d’abord.", lessons="", decisions=""
    )


def test_member_starts_a_product_with_co_authors_and_sources(client, community, facilitator, member, aminata):
    post = post_create(community=community, author=aminata, kind=Post.Kind.EXPERIENCE, title="Notre compost collectif")
    report = past_session_with_report(community, facilitator)
    client.force_login(member)
    page = client.get(reverse("products:create", args=[community.slug])).content.decode()
    assert 'name="base_version"' not in page
    for name in ("summary", "context", "actors", "process", "results", "lessons", "recommendations", "replication"):
        assert re.search(
            rf'<textarea[^>]*name="{name}"[^>]*dir="auto"|<textarea[^>]*dir="auto"[^>]*name="{name}"', page
        ), name
    assert "Notre compost collectif" in page and "Co-développement : la fertilité des sols" in page
    assert "Aminata Diallo" in page and "Moussa Member" not in page  # the author is a co-author already

    response = client.post(
        reverse("products:create", args=[community.slug]),
        {
            "title": "  Champs-écoles   paysans ",
            "summary": "Trois saisons.",
            "lessons": "Les **visites** convainquent.",
            "language": "fr",
            "themes": "sols, champs-écoles",
            "countries": ["SN", "ML"],
            "co_authors": [aminata.pk],
            "source_posts": [post.pk],
            "source_reports": [report.pk],
        },
    )
    product = CapitalizationProduct.objects.get()
    assert response.status_code == 302 and response.url == product.get_absolute_url()
    assert product.title == "Champs-écoles paysans" and product.status == Status.DRAFT and product.countries == "SN,ML"
    assert set(product.co_authors.all()) == {member, aminata}
    assert list(product.source_posts.all()) == [post] and list(product.source_reports.all()) == [report]
    assert sorted(tag.name for tag in product.themes.all()) == ["champs-écoles", "sols"]
    assert product.revisions.get().version == 1

    page = client.get(product.get_absolute_url()).content.decode()
    assert "<strong>visites</strong>" in page
    assert f'href="{post.get_absolute_url()}"' in page and f'href="{report.get_absolute_url()}"' in page
    assert "Send for review" in page and "Publish…" not in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_start_a_product(client, as_persona, persona, community):
    user = as_persona(persona)
    response = client.get(reverse("products:create", args=[community.slug]))
    if persona in ("member", "facilitator"):
        assert response.status_code == 200
    else:
        assert refused(response, persona), (persona, response.status_code)
    if user is not None and persona not in ("member", "facilitator"):
        response = client.post(
            reverse("products:create", args=[community.slug]), {"title": "Intrusion", "language": "en"}
        )
        assert response.status_code == 403
    assert not CapitalizationProduct.objects.filter(title="Intrusion").exists()


def test_a_co_author_who_is_not_a_member_is_refused_with_a_message(client, community, member, outsider):
    client.force_login(member)
    response = client.post(
        reverse("products:create", args=[community.slug]),
        {
            "title": "Champs-écoles",
            "lessons": "Une leçon longue et précieuse.",
            "language": "fr",
            "co_authors": [outsider.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Co-authors must be members of the community." in page
    assert "Une leçon longue et précieuse." in page
    assert not CapitalizationProduct.objects.exists()


def test_a_co_author_who_left_is_named_and_the_edit_refused_until_they_are_unticked(
    client, community, product, member, aminata
):
    product = products.product_update(product=product, by=member, base_version=1, co_authors=[member, aminata])
    Membership.objects.filter(community=community, user=aminata).update(status=Membership.Status.LEFT)
    client.force_login(member)
    page = client.get(url("edit", product)).content.decode()
    assert "Aminata Diallo" in page  # still listed, not dropped behind anyone's back

    response = client.post(url("edit", product), edit_data(product, lessons="Une nouvelle leçon."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Co-authors must be members of the community: Aminata Diallo." in page
    assert "Une nouvelle leçon." in page
    product.refresh_from_db()
    assert product.version == 2 and "nouvelle" not in product.lessons

    response = client.post(
        url("edit", product), edit_data(product, lessons="Une nouvelle leçon.", co_authors=[member.pk])
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.version == 3 and list(product.co_authors.all()) == [member]


def test_bad_input_keeps_what_was_typed(client, community, member, product):
    client.force_login(member)
    response = client.post(
        reverse("products:create", args=[community.slug]),
        {"title": "", "context": "Un contexte écrit avec soin.", "language": "xx"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Un contexte écrit avec soin." in page and "This field is required." in page
    assert CapitalizationProduct.objects.count() == 1

    response = client.post(url("edit", product), edit_data(product, title="", recommendations="Mes recommandations."))
    assert response.status_code == 200 and "Mes recommandations." in response.content.decode()
    product.refresh_from_db()
    assert product.version == 1 and product.recommendations == ""

    long_comment = "Un avis détaillé. " * 300
    response = client.post(url("comment", product), {"body": long_comment})
    assert response.status_code == 400
    assert long_comment.strip()[:100] in response.content.decode()
    assert not ReviewComment.objects.exists()


# --- The workflow, persona by persona --------------------------------------------------------

CAN_VIEW_DRAFT = {"member", "facilitator", "staff"}
CAN_EDIT = {"member", "facilitator", "staff"}  # the co-author, and the community's moderators
CAN_SUBMIT = {"member"}
CAN_REVIEW = {"facilitator", "staff"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_view_a_draft(client, as_persona, persona, product):
    as_persona(persona)
    for name in ("detail", "history"):
        response = client.get(url(name, product))
        if persona in CAN_VIEW_DRAFT:
            assert response.status_code == 200
        else:
            assert refused(response, persona), (persona, name, response.status_code)
    response = client.get(reverse("products:list", args=[product.community.slug]))
    if persona in CAN_VIEW_DRAFT:
        assert "Champs-écoles paysans à Kaolack" in response.content.decode()
    else:
        assert refused(response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_edit_a_draft(client, as_persona, persona, product):
    as_persona(persona)
    response = client.get(url("edit", product))
    data = edit_data(product, summary=f"Résumé revu par {persona}.")
    if persona in CAN_EDIT:
        assert response.status_code == 200
        assert 'name="base_version" value="1"' in response.content.decode()
        assert client.post(url("edit", product), data).status_code == 302
        product.refresh_from_db()
        assert product.summary == f"Résumé revu par {persona}." and product.version == 2
    else:
        assert refused(response, persona)
        assert refused(client.post(url("edit", product), data), persona)
        product.refresh_from_db()
        assert product.version == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_send_for_review(client, as_persona, persona, product):
    as_persona(persona)
    page = client.get(url("detail", product)).content.decode()
    assert ("Send for review" in page) == (persona in CAN_SUBMIT)
    response = client.post(url("submit", product))
    product.refresh_from_db()
    if persona in CAN_SUBMIT:
        assert response.status_code == 302 and product.status == Status.IN_REVIEW
    else:
        assert refused(response, persona) and product.status == Status.DRAFT
        if persona == "anonymous":
            assert parse_qs(urlsplit(response.url).query)["next"] == [url("detail", product)]  # back to its page


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_publish(client, as_persona, persona, in_review):
    as_persona(persona)
    detail = client.get(url("detail", in_review))
    assert ("Publish…" in detail.content.decode()) == (persona in CAN_REVIEW)
    form = client.get(url("publish", in_review))
    response = client.post(url("publish", in_review), {"visibility": "public", "licence": "cc-by-sa-4.0"})
    in_review.refresh_from_db()
    if persona in CAN_REVIEW:
        assert form.status_code == 200
        assert response.status_code == 302
        assert (
            in_review.status == Status.PUBLISHED
            and in_review.visibility == "public"
            and in_review.licence == "cc-by-sa-4.0"
        )
        assert in_review.published_by.display_name
    else:
        assert refused(form, persona) and refused(response, persona)
        assert in_review.status == Status.IN_REVIEW and in_review.published_at is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_comment(client, as_persona, persona, in_review):
    as_persona(persona)
    response = client.post(url("comment", in_review), {"body": f"Relu par {persona} : clair."})
    if persona in CAN_EDIT | CAN_REVIEW:
        assert response.status_code == 302
        page = client.get(url("detail", in_review)).content.decode()
        assert f"Relu par {persona} : clair." in page and 'name="body"' in page
    else:
        assert refused(response, persona)
        assert not ReviewComment.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_return_to_draft(client, as_persona, persona, in_review):
    as_persona(persona)
    response = client.post(url("draft", in_review))
    in_review.refresh_from_db()
    if persona in CAN_REVIEW:
        assert response.status_code == 302 and in_review.status == Status.DRAFT
    else:
        assert refused(response, persona) and in_review.status == Status.IN_REVIEW


def test_draft_to_review_to_published_through_the_pages(client, community, facilitator, member, product):
    client.force_login(member)
    client.post(url("submit", product))
    client.post(url("comment", product), {"body": "Prête pour relecture."})

    client.force_login(facilitator)
    page = client.get(url("detail", product)).content.decode()
    assert "Prête pour relecture." in page and "Publish…" in page and "Return to draft" in page
    client.post(url("comment", product), {"body": "Précisez les coûts, merci."})
    client.post(url("draft", product))
    product.refresh_from_db()
    assert product.status == Status.DRAFT

    client.force_login(member)
    assert (
        client.post(
            url("edit", product), edit_data(product, replication="Un budget de 2 000 € par village.")
        ).status_code
        == 302
    )
    client.post(url("submit", product))

    client.force_login(facilitator)
    page = client.get(url("publish", product)).content.decode()
    assert "CC BY 4.0" in page and "Community only" in page
    response = client.post(url("publish", product), {"visibility": "community", "licence": "cc-by-4.0"}, follow=True)
    assert "published for the members of the community" in response.content.decode()
    product.refresh_from_db()
    assert (
        product.status == Status.PUBLISHED and product.visibility == "community" and product.published_by == facilitator
    )

    # Published: nobody edits it any more, the co-author included, until it returns to draft.
    client.force_login(member)
    page = client.get(url("detail", product)).content.decode()
    assert ">Edit<" not in page and "Send for review" not in page
    assert client.get(url("edit", product)).status_code == 403
    assert client.post(url("submit", product)).status_code == 403


def test_publishing_needs_a_review_and_a_known_licence(client, facilitator, product, member):
    client.force_login(facilitator)
    response = client.post(url("publish", product), {"visibility": "public", "licence": "cc-by-4.0"}, follow=True)
    assert "sent for review first" in response.content.decode()
    products.product_submit(product=product, by=member)
    response = client.post(url("publish", product), {"visibility": "public", "licence": "public-domain-ish"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    product.refresh_from_db()
    assert product.status == Status.IN_REVIEW


def test_a_member_who_is_not_a_co_author_reads_but_does_not_edit(client, product, join):
    client.force_login(join("Rose Reader"))
    page = client.get(url("detail", product)).content.decode()
    assert "Champs-écoles paysans à Kaolack" in page and ">Edit<" not in page and 'name="body"' not in page
    assert client.get(url("edit", product)).status_code == 403
    assert client.post(url("submit", product)).status_code == 403
    assert client.post(url("comment", product), {"body": "Bravo"}).status_code == 403


def test_a_product_of_another_community_is_not_found_here(client, facilitator, other_facilitator, product):
    client.force_login(facilitator)
    assert client.get(reverse("products:detail", args=["urban-transport-mediterranean", product.pk])).status_code == 404


# --- History ---------------------------------------------------------------------------------


def test_every_version_is_kept_with_its_editor_and_changed_fields(client, product, member, aminata):
    products.product_update(product=product, by=member, base_version=1, co_authors=[member, aminata])
    client.force_login(aminata)
    response = client.post(
        url("edit", product), edit_data(product, summary="Un résumé plus court.", lessons="Voir, puis faire.")
    )
    assert response.status_code == 302
    revisions = list(ProductRevision.objects.filter(product=product).order_by("version"))
    assert [r.version for r in revisions] == [1, 2, 3]
    assert revisions[2].editor == aminata and revisions[2].changed_fields == ["lessons", "summary"]
    assert revisions[0].data["summary"] == "Trois saisons de champs-écoles pour restaurer les sols."

    page = client.get(url("history", product)).content.decode()
    assert page.index("Version 3") < page.index("Version 2") < page.index("Version 1")
    assert "Saved by Aminata Diallo" in page
    assert re.search(r"Changed:\s*Summary, Lessons learned", page) or re.search(
        r"Changed:\s*Lessons learned, Summary", page
    )
    assert "<details>" in page and "Trois saisons de champs-écoles pour restaurer les sols." in page
    assert "Un résumé plus court." in page


# --- Editing at the same time ----------------------------------------------------------------


def test_a_stale_edit_is_refused_with_both_texts_and_nothing_is_lost(community, product, member, aminata):
    products.product_update(product=product, by=member, base_version=1, co_authors=[member, aminata])
    product.refresh_from_db()
    assert product.version == 2
    moussa, aminata_client = Client(), Client()
    moussa.force_login(member)
    aminata_client.force_login(aminata)
    for browser in (moussa, aminata_client):
        assert 'name="base_version" value="2"' in browser.get(url("edit", product)).content.decode()
    mine, theirs = (
        edit_data(product, summary="Le resume de Moussa."),
        edit_data(product, summary="Le resume d Aminata.", results="Rendements doubles en trois ans."),
    )

    assert moussa.post(url("edit", product), mine).status_code == 302
    response = aminata_client.post(url("edit", product), theirs)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved this product while you were editing it" in page
    assert "Le resume d Aminata." in page and "Le resume de Moussa." in page  # both texts, side by side
    assert "Rendements doubles en trois ans." in page  # nothing typed is lost
    assert 'id="diff-summary"' in page and 'id="diff-results"' in page and 'id="diff-title"' not in page
    # The form holds the text saved meanwhile, and the version it now starts from.
    assert re.search(r'<textarea[^>]*name="summary"[^>]*>\s*Le resume de Moussa.</textarea>', page)
    assert 'name="base_version" value="3"' in page
    product.refresh_from_db()
    assert product.version == 3 and product.summary == "Le resume de Moussa." and product.results == ""
    assert product.revisions.count() == 3

    merged = edit_data(
        product, summary="Le resume de Moussa. Et celui d Aminata.", results="Rendements doubles en trois ans."
    )
    assert merged["base_version"] == 3
    assert aminata_client.post(url("edit", product), merged).status_code == 302
    product.refresh_from_db()
    assert product.version == 4 and product.summary == "Le resume de Moussa. Et celui d Aminata."
    assert product.revisions.get(version=4).editor == aminata


# --- The community's list --------------------------------------------------------------------


def test_the_list_sorts_by_status_and_offers_to_start_one(client, community, member, facilitator, product):
    second = start_product(community, member, title="Le compost collectif")
    products.product_submit(product=second, by=member)
    client.force_login(member)
    page = client.get(reverse("products:list", args=[community.slug])).content.decode()
    assert "Start a product" in page and "Moussa Member" in page
    assert "Champs-écoles paysans à Kaolack" in page and "Le compost collectif" in page
    page = client.get(reverse("products:list", args=[community.slug]) + "?status=in_review").content.decode()
    assert "Le compost collectif" in page and "Champs-écoles paysans à Kaolack" not in page
    page = client.get(reverse("products:list", args=[community.slug]) + "?status=published").content.decode()
    assert "No product has this status." in page


def test_an_empty_list_says_so(client, community, facilitator, other_facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("products:list", args=[community.slug])).content.decode()
    assert "No capitalization product yet." in page and "Start the first product" in page
    client.logout()
    page = client.get(reverse("products:list", args=["urban-transport-mediterranean"])).content.decode()
    assert "No capitalization product yet." in page and "Start a product" not in page


def test_the_list_costs_the_same_for_3_or_25_products(client, community, member, aminata):
    def queries():
        address = reverse("products:list", args=[community.slug])
        client.get(address)  # warm per-process caches first
        with CaptureQueriesContext(connection) as context:
            assert client.get(address).status_code == 200
        return len(context)

    client.force_login(member)
    for i in range(3):
        start_product(community, member, title=f"Produit {i}", co_authors=[aminata])
    few = queries()
    for i in range(3, 25):
        start_product(community, member, title=f"Produit {i}", co_authors=[aminata])
    assert queries() == few
