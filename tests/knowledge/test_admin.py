"""Staff look after posts, replies and reports in Django admin, and export a community's knowledge."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community
from knowledge import exports, services
from knowledge.models import ContentReport, Post, PostRevision, Reply

pytestmark = pytest.mark.django_db

POSTS = "admin:knowledge_post_changelist"
REPLIES = "admin:knowledge_reply_changelist"
REPORTS = "admin:knowledge_contentreport_changelist"
COMMUNITIES = "admin:communities_community_changelist"


def write_post(community, author, title, *, kind="experience", replier=None, replies=0, **fields):
    post = services.post_create(community=community, author=author, kind=kind, title=title, **fields)
    for number in range(replies):
        services.reply_create(post=post, author=replier, body=f"Réponse {number + 1} à « {title} »")
    return post


@pytest.fixture
def post(community, member, facilitator):
    return write_post(
        community, member, "Le compost en saison sèche", replier=facilitator, replies=2,
        body="Nous arrosons **deux fois** par semaine.", context="Thiès, 2025", lessons="=SUM(A1:A9) n'est pas une leçon",
        language="fr", themes=["compost", "eau"],
    )


def run_action(client, url_name, action, objects):
    return client.post(
        reverse(url_name), {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=False
    )


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "facilitator"])
def test_non_staff_cannot_reach_the_knowledge_admin(client, as_persona, persona, post):
    as_persona(persona)
    for url in (reverse(POSTS), reverse(REPLIES), reverse(REPORTS), reverse("admin:knowledge_post_change", args=[post.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# --- Posts -------------------------------------------------------------------------------------


def test_staff_list_filter_and_search_posts(client, staff, community, member, post):
    write_post(community, member, "Une question sur les semences", kind="question")
    client.force_login(staff)

    page = client.get(reverse(POSTS)).content.decode()
    assert post.title in page and "Une question sur les semences" in page
    page = client.get(reverse(POSTS), {"kind__exact": "question"}).content.decode()
    assert "Une question sur les semences" in page and post.title not in page
    page = client.get(reverse(POSTS), {"q": "deux fois"}).content.decode()
    assert post.title in page and "Une question sur les semences" not in page
    page = client.get(reverse(POSTS), {"q": member.email}).content.decode()
    assert post.title in page


def test_the_post_list_costs_the_same_queries_for_more_posts(client, staff, community, member):
    client.force_login(staff)
    write_post(community, member, "Premier")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(POSTS)).status_code == 200
        return len(queries)

    few = count()
    for number in range(5):
        write_post(community, member, f"Encore {number}")
    assert count() == few


def test_staff_see_a_post_with_its_history_read_only(client, staff, member, post):
    services.post_update(post=post, by=member, body="Nous arrosons trois fois.")
    client.force_login(staff)

    response = client.get(reverse("admin:knowledge_post_change", args=[post.pk]))

    assert response.status_code == 200
    (inline,) = [formset for formset in response.context["inline_admin_formsets"] if formset.opts.model is PostRevision]
    assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission
    assert "Nous arrosons **deux fois** par semaine." in response.content.decode()
    assert "reply_count" in response.context["adminform"].readonly_fields


def test_staff_edits_keep_the_earlier_version(client, staff, post):
    client.force_login(staff)
    url = reverse("admin:knowledge_post_change", args=[post.pk])
    form = response_form(client.get(url))
    form.update(title="Le compost en saison sèche (corrigé)", body="Nous arrosons deux fois par semaine, le soir.")

    response = client.post(url, form)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    post.refresh_from_db()
    assert post.title == "Le compost en saison sèche (corrigé)" and post.edited_at is not None
    (revision,) = post.revisions.all()
    assert revision.title == "Le compost en saison sèche" and revision.editor == staff
    assert sorted(post.themes.names()) == ["compost", "eau"]


def response_form(response):
    """The change form's current values, as a browser would post them back."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if name == "themes":
            value = ", ".join(tag.name for tag in value) if value else ""
        data[name] = "" if value is None else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{key}": value for key, value in management.initial.items()})
        for form in formset.formset.forms:
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-post"] = form.instance.post_id
    return data


def test_hide_selected_posts_keeps_them_with_a_note(client, staff, community, member, facilitator, post):
    other = write_post(community, member, "Un autre retour")
    report = services.content_report(reporter=facilitator, reason="Hors sujet", post=post)
    client.force_login(staff)

    response = run_action(client, POSTS, "hide", [post, other])

    assert response.status_code == 302
    hidden = Post.objects.filter(pk__in=[post.pk, other.pk])
    assert [(p.is_hidden, p.hidden_note, p.hidden_by) for p in hidden] == [(True, "Hidden by an administrator.", staff)] * 2
    report.refresh_from_db()
    assert report.status == ContentReport.Status.HIDDEN and report.resolved_by == staff


def test_export_selected_posts_as_csv(client, staff, community, member, post):
    other = write_post(community, member, "Pas exporté")
    client.force_login(staff)

    response = run_action(client, POSTS, "export_csv", [post])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="posts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["record"] for row in rows] == ["post", "reply", "reply"]
    assert rows[0]["title"] == post.title and rows[0]["themes"] == "compost, eau" and rows[0]["author"] == member.display_name
    assert rows[0]["lessons"] == "'=SUM(A1:A9) n'est pas une leçon"  # never read as a formula
    assert rows[1]["post_id"] == str(post.pk) and rows[1]["body"] == f"Réponse 1 à « {post.title} »"
    assert other.title not in response.content.decode()


def test_export_selected_posts_as_json(client, staff, facilitator, post):
    client.force_login(staff)

    response = run_action(client, POSTS, "export_json", [post])

    assert response["Content-Disposition"] == 'attachment; filename="posts.json"'
    (row,) = json.loads(response.content)
    assert row["id"] == post.pk and row["community"] == "CAP Agroécologie" and row["kind"] == "experience"
    assert row["body"] == post.body and row["context"] == "Thiès, 2025" and row["language"] == "fr"
    assert row["themes"] == ["compost", "eau"]
    assert [(reply["author"], reply["hidden"]) for reply in row["replies"]] == [(facilitator.display_name, False)] * 2


# --- Whole communities -------------------------------------------------------------------------


def test_a_communitys_export_has_every_post_visible_or_hidden_with_its_replies(community, member, facilitator, post, other_facilitator):
    hidden = write_post(community, member, "Un retour masqué", replier=facilitator, replies=1)
    services.content_hide(target=hidden.replies.get(), by=facilitator, note="Données personnelles")
    services.content_hide(target=hidden, by=facilitator, note="Données personnelles")
    elsewhere = Community.objects.get(memberships__user=other_facilitator)
    write_post(elsewhere, other_facilitator, "Ailleurs")

    rows = exports.knowledge_rows(Post.objects.filter(community=community))

    assert {row["title"]: row["hidden"] for row in rows} == {post.title: False, hidden.title: True}
    by_title = {row["title"]: row for row in rows}
    assert [reply["body"] for reply in by_title[post.title]["replies"]] == [
        f"Réponse 1 à « {post.title} »", f"Réponse 2 à « {post.title} »"
    ]
    assert [reply["hidden"] for reply in by_title[hidden.title]["replies"]] == [True]


def test_exports_cost_the_same_queries_for_more_posts(community, member, facilitator):
    write_post(community, member, "Premier", replier=facilitator, replies=2, themes=["sol"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            exports.as_json(Post.objects.filter(community=community))
            exports.as_csv(Post.objects.filter(community=community))
        return len(queries)

    few = count()
    for number in range(4):
        write_post(community, member, f"Encore {number}", replier=facilitator, replies=3, themes=["sol", f"t{number}"])
    assert count() == few


def test_staff_export_a_whole_community_from_the_community_admin(client, staff, community, member, facilitator, post, other_facilitator):
    hidden = write_post(community, member, "Un retour masqué")
    services.content_hide(target=hidden, by=facilitator, note="Hors charte")
    write_post(Community.objects.get(memberships__user=other_facilitator), other_facilitator, "Ailleurs")
    client.force_login(staff)

    response = run_action(client, COMMUNITIES, "export_knowledge_json", [community])

    assert response["Content-Disposition"] == 'attachment; filename="knowledge.json"'
    assert sorted(row["title"] for row in json.loads(response.content)) == sorted([post.title, hidden.title])
    response = run_action(client, COMMUNITIES, "export_knowledge_csv", [community])
    assert [row["record"] for row in csv.DictReader(io.StringIO(response.content.decode()))].count("post") == 2
    # The ground floor's own admin still works.
    assert client.get(reverse(COMMUNITIES)).status_code == 200
    assert client.get(reverse("admin:communities_community_change", args=[community.pk])).status_code == 200


# --- Replies and reports -----------------------------------------------------------------------


def test_staff_filter_search_and_hide_replies(client, staff, community, member, facilitator, post):
    other = write_post(community, member, "Autre", replier=facilitator, replies=1)
    client.force_login(staff)

    assert client.get(reverse("admin:knowledge_reply_change", args=[other.replies.get().pk])).status_code == 200
    # Quoted, so "2" alone cannot match a number in someone's address.
    page = client.get(reverse(REPLIES), {"q": '"Réponse 2 à"'}).content.decode()
    assert "Réponse 2 à" in page and "Réponse 1 à" not in page
    response = run_action(client, REPLIES, "hide", post.replies.all())
    assert response.status_code == 302
    assert list(Reply.objects.filter(is_hidden=True).values_list("hidden_note", flat=True)) == ["Hidden by an administrator."] * 2
    page = client.get(reverse(REPLIES), {"is_hidden__exact": "0"}).content.decode()
    assert f"Réponse 1 à « {other.title} »" in page and "Réponse 2 à" not in page


def test_staff_list_filter_and_dismiss_reports(client, staff, community, member, facilitator, post, other_facilitator):
    reply = post.replies.first()
    about_post = services.content_report(reporter=facilitator, reason="Données personnelles", post=post)
    about_reply = services.content_report(reporter=member, reason="Ton agressif", reply=reply)
    elsewhere = Community.objects.get(memberships__user=other_facilitator)
    other_report = services.content_report(
        reporter=other_facilitator, reason="Publicité", post=write_post(elsewhere, other_facilitator, "Promo")
    )
    client.force_login(staff)

    assert client.get(reverse("admin:knowledge_contentreport_change", args=[about_reply.pk])).status_code == 200
    page = client.get(reverse(REPORTS)).content.decode()
    assert "Données personnelles" in page and "Ton agressif" in page and "Publicité" in page
    page = client.get(reverse(REPORTS), {"community": community.pk}).content.decode()
    assert "Données personnelles" in page and "Ton agressif" in page and "Publicité" not in page
    page = client.get(reverse(REPORTS), {"q": "agressif"}).content.decode()
    assert "Ton agressif" in page and "Données personnelles" not in page

    run_action(client, REPORTS, "dismiss", [about_post, about_reply])

    statuses = dict(ContentReport.objects.values_list("pk", "status"))
    assert statuses == {about_post.pk: "dismissed", about_reply.pk: "dismissed", other_report.pk: "open"}
    assert ContentReport.objects.get(pk=about_reply.pk).resolved_by == staff
    page = client.get(reverse(REPORTS), {"status__exact": "open"}).content.decode()
    assert "Publicité" in page and "Ton agressif" not in page
