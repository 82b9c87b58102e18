"""The knowledge-exchange pages: who may read and do what, and how the pages behave."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communities.services import membership_approve, membership_join
from knowledge import services
from knowledge.models import ContentReport, Follow, HelpfulMark, Post, PostRevision, Reply
from tests.conftest import PERSONAS, verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode.\r\n"

ALLOW, LOGIN, DENY, NOT_FOUND = 200, "login", 403, 404
READERS = {"member", "facilitator", "staff"}  # of the private community
WRITERS = {"member", "facilitator"}  # active members
MODERATORS = {"facilitator", "staff"}


def expected(persona, allowed):
    if persona in allowed:
        return ALLOW
    return LOGIN if persona == "anonymous" else DENY


def check(response, answer):
    if answer == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == answer


def url(name, community, *args):
    return reverse(f"knowledge:{name}", args=[community.slug, *args])


def another_member(community, name="Aminata Diallo"):
    person = verified(UserFactory(display_name=name))
    membership = membership_join(community=community, user=person)
    membership_approve(membership=membership, by=community.memberships.facilitators().first().user)
    return person


def page_text(response):
    assert response.status_code == 200
    return response.content.decode()


# --- Who may open which page -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("list", READERS),
        ("create", WRITERS),
        ("reports", MODERATORS),
        ("detail", READERS),
        ("history", READERS),
        ("edit", READERS),  # the author, and the moderators
        ("delete", {"member"}),  # the author only
        ("report", WRITERS),
        ("hide", MODERATORS),
    ],
)
def test_pages_of_a_private_community(client, as_persona, post, persona, page, allowed):
    as_persona(persona)
    args = [] if page in ("list", "create", "reports") else [post.pk]
    check(client.get(url(page, post.community, *args)), expected(persona, allowed))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [("reply-edit", MODERATORS), ("reply-report", WRITERS), ("reply-hide", MODERATORS)],  # the facilitator wrote it
)
def test_reply_pages_of_a_private_community(client, as_persona, reply, persona, page, allowed):
    as_persona(persona)
    check(client.get(url(page, reply.post.community, reply.pk)), expected(persona, allowed))


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_public_communitys_knowledge_is_readable_by_anyone_writable_by_members(client, as_persona, public_post, persona):
    as_persona(persona)
    community = public_post.community
    assert public_post.title in page_text(client.get(url("list", community)))
    assert public_post.title in page_text(client.get(url("detail", community, public_post.pk)))
    check(client.get(url("create", community)), expected(persona, {"other_facilitator"}))
    check(client.get(url("reports", community)), expected(persona, {"other_facilitator", "staff"}))


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_reply_permission(client, as_persona, post, persona):
    user = as_persona(persona)
    response = client.post(url("reply", post.community, post.pk), {"body": "Same here in Kaolack."})
    check(response, 302 if persona in WRITERS else expected(persona, WRITERS))
    assert Reply.objects.filter(post=post, body="Same here in Kaolack.").exists() == (persona in WRITERS)
    if persona in WRITERS:
        assert Follow.objects.filter(post=post, user=user).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_helpful_permission(client, as_persona, reply, persona):
    as_persona(persona)
    response = client.post(url("helpful", reply.post.community, reply.pk))
    # The facilitator wrote the reply: their own mark is refused with a message.
    check(response, 302 if persona in WRITERS else expected(persona, WRITERS))
    assert HelpfulMark.objects.filter(reply=reply).exists() == (persona == "member")


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept_permission(client, as_persona, question, facilitator, persona):
    answer = services.reply_create(post=question, author=facilitator, body="Yes, in Kolda.")
    as_persona(persona)
    allowed = {"member", "facilitator", "staff"}  # the asker and the moderators
    response = client.post(url("accept", question.community, question.pk), {"reply": answer.pk})
    check(response, 302 if persona in allowed else expected(persona, allowed))
    question.refresh_from_db()
    assert (question.accepted_reply == answer) == (persona in allowed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_follow_permission(client, as_persona, post, persona):
    user = as_persona(persona)
    response = client.post(url("follow", post.community, post.pk), {"follow": "1"})
    check(response, 302 if persona in WRITERS else expected(persona, WRITERS))
    assert Follow.objects.filter(post=post).exclude(user=post.author).exists() == (persona == "facilitator")
    if user is not None and persona in WRITERS:
        assert Follow.objects.filter(post=post, user=user).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_permission(client, as_persona, post, persona):
    as_persona(persona)
    response = client.post(url("report", post.community, post.pk), {"reason": "Off topic."})
    check(response, 302 if persona in WRITERS else expected(persona, WRITERS))
    assert ContentReport.objects.filter(post=post).exists() == (persona in WRITERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_hide_permission(client, as_persona, post, persona):
    as_persona(persona)
    response = client.post(url("hide", post.community, post.pk), {"note": "Shares a phone number."})
    check(response, 302 if persona in MODERATORS else expected(persona, MODERATORS))
    post.refresh_from_db()
    assert post.is_hidden == (persona in MODERATORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_hide_reply_permission(client, as_persona, post, member, persona):
    reply = services.reply_create(post=post, author=member, body="Call me on +221 77 000 00 00.")
    as_persona(persona)
    response = client.post(url("reply-hide", post.community, reply.pk), {"note": "A private phone number."})
    check(response, 302 if persona in MODERATORS else expected(persona, MODERATORS))
    reply.refresh_from_db()
    assert reply.is_hidden == (persona in MODERATORS)


def test_the_author_may_not_mark_their_own_reply_helpful(client, reply, facilitator):
    client.force_login(facilitator)
    response = client.post(url("helpful", reply.post.community, reply.pk), follow=True)
    assert "You can’t mark your own reply as helpful." in page_text(response)


def test_helpful_is_a_toggle_shown_on_the_button(client, reply, member):
    client.force_login(member)
    detail = url("detail", reply.post.community, reply.post.pk)
    client.post(url("helpful", reply.post.community, reply.pk))
    page = page_text(client.get(detail))
    assert "1 person found this helpful" in page and 'aria-pressed="true"' in page
    client.post(url("helpful", reply.post.community, reply.pk))
    page = page_text(client.get(detail))
    assert "0 people found this helpful" in page and 'aria-pressed="false"' in page


def test_accepting_none_takes_the_acceptance_back(client, question, facilitator, member):
    answer = services.reply_create(post=question, author=facilitator, body="Yes, in Kolda.")
    client.force_login(member)
    page = page_text(client.get(url("detail", question.community, question.pk)))
    assert "Accept this answer" in page
    client.post(url("accept", question.community, question.pk), {"reply": answer.pk})
    page = page_text(client.get(url("detail", question.community, question.pk)))
    assert "Accepted answer" in page and "Remove the acceptance" in page
    client.post(url("accept", question.community, question.pk), {"reply": "none"})
    question.refresh_from_db()
    assert question.accepted_reply is None


def test_only_questions_offer_to_accept_an_answer(client, reply, member):
    client.force_login(member)
    assert "Accept this answer" not in page_text(client.get(url("detail", reply.post.community, reply.post.pk)))


def test_unfollowing_and_following_again(client, post, member):
    client.force_login(member)
    response = client.post(url("follow", post.community, post.pk), {"follow": "0"}, follow=True)
    assert "Follow this conversation" in page_text(response)
    assert not Follow.objects.filter(post=post, user=member).exists()
    response = client.post(url("follow", post.community, post.pk), {"follow": "1"}, follow=True)
    assert "Stop following" in page_text(response)


def test_changes_need_a_csrf_token(post, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(url("reply", post.community, post.pk), {"body": "No token."}).status_code == 403
    assert not Reply.objects.exists()


def test_actions_refuse_get(client, post, reply, member):
    client.force_login(member)
    assert client.get(url("reply", post.community, post.pk)).status_code == 405
    assert client.get(url("helpful", post.community, reply.pk)).status_code == 405
    assert client.get(url("follow", post.community, post.pk)).status_code == 405
    assert client.get(url("unhide", post.community, post.pk)).status_code == 405


def test_anonymous_actions_come_back_to_the_post_after_signing_in(client, post):
    response = client.post(url("reply", post.community, post.pk), {"body": "Hello"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [url("detail", post.community, post.pk)]


# --- Private content stays private -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "requester", "invitee", "other_facilitator"])
def test_a_private_communitys_posts_replies_and_attachments_never_reach_non_members(
    client, as_persona, write_post, facilitator, media_root, persona
):
    post = write_post(title="Secret seed bank", uploads=[SimpleUploadedFile("seeds.pdf", PDF)])
    services.reply_create(post=post, author=facilitator, body="The key is under the stone.")
    attachment_url = reverse("attachments:download", args=[post.community.attachments.get().uuid])
    user = as_persona(persona)
    community = post.community
    for address in (url("list", community), url("detail", community, post.pk), url("history", community, post.pk),
                    community.get_absolute_url(), "/"):
        response = client.get(address)
        body = response.content.decode()
        assert "Secret seed bank" not in body and "under the stone" not in body and "seeds.pdf" not in body
    check(client.get(attachment_url), LOGIN if user is None else DENY)


def test_members_see_the_posts_replies_and_attachments(client, write_post, facilitator, member, media_root):
    post = write_post(title="Secret seed bank", uploads=[SimpleUploadedFile("seeds.pdf", PDF)])
    services.reply_create(post=post, author=facilitator, body="The key is under the stone.")
    client.force_login(member)
    page = page_text(client.get(url("detail", post.community, post.pk)))
    assert "Secret seed bank" in page and "under the stone" in page and "seeds.pdf" in page
    attachment = post.community.attachments.get()
    assert client.get(reverse("attachments:download", args=[attachment.uuid])).status_code == 200


# --- Hidden content -----------------------------------------------------------------------------------


def test_a_hidden_post_is_a_notice_for_members_but_seen_by_its_author_and_facilitators(
    client, post, member, facilitator, staff
):
    services.content_hide(target=post, by=facilitator, note="Names a farmer without consent.")
    community = post.community
    someone = another_member(community)
    client.force_login(someone)
    notice = page_text(client.get(url("detail", community, post.pk)))
    assert "The facilitators of the community hid this post." in notice
    assert post.title not in notice and "compost tea" not in notice and "Names a farmer" not in notice
    assert client.get(url("history", community, post.pk)).status_code == 404
    assert client.post(url("reply", community, post.pk), {"body": "Hi"}).status_code == 404
    assert post.title not in page_text(client.get(url("list", community)))
    for person in (member, facilitator, staff):
        client.force_login(person)
        page = page_text(client.get(url("detail", community, post.pk)))
        assert post.title in page and "Names a farmer without consent." in page
    # Facilitators see it in the list, marked.
    client.force_login(facilitator)
    page = page_text(client.get(url("list", community)))
    assert post.title in page and "Hidden by a facilitator" in page
    client.force_login(member)
    assert post.title not in page_text(client.get(url("list", community)))


def test_a_hidden_reply_shows_a_placeholder_and_the_note_only_to_its_author_and_facilitators(client, post, facilitator):
    community = post.community
    writer = another_member(community, name="Salif Seller")
    reply = services.reply_create(post=post, author=writer, body="Buy my fertiliser at half price!")
    services.content_hide(target=reply, by=facilitator, note="Advertising.")
    client.force_login(post.author)
    page = page_text(client.get(url("detail", community, post.pk)))
    hidden = page.split(f'id="reply-{reply.pk}"', 1)[1].split("</article>", 1)[0]
    assert "Hidden by a facilitator." in hidden and writer.display_name not in hidden
    assert "half price" not in page and "Advertising." not in page
    for person in (writer, facilitator):
        client.force_login(person)
        page = page_text(client.get(url("detail", community, post.pk)))
        assert "half price" in page and "Advertising." in page
    client.force_login(post.author)
    assert client.get(url("reply-report", community, reply.pk)).status_code == 404


HIDDEN_NOTICE = "The facilitators of the community hid this post."


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_is_told_a_post_is_hidden(client, as_persona, write_post, facilitator, persona):
    """Members get a notice with a way back; its author and the moderators the post with the note;
    everyone else what they got before (no sign that the post exists)."""
    post = write_post(author=facilitator, title="Seed swap list", body="Names and phone numbers.")
    services.content_hide(target=post, by=facilitator, note="Phone numbers of farmers.")
    as_persona(persona)
    response = client.get(url("detail", post.community, post.pk))
    if persona in MODERATORS:
        page = page_text(response)
        assert "Seed swap list" in page and "Phone numbers of farmers." in page and HIDDEN_NOTICE not in page
    elif persona == "member":
        page = page_text(response)
        assert HIDDEN_NOTICE in page and f'href="{url("list", post.community)}"' in page
        assert "Seed swap list" not in page and "phone numbers" not in page.lower()
        assert page.count("<h1") == 1 and "<script>" not in page and " style=" not in page
    else:
        check(response, expected(persona, set()))


def test_the_author_of_a_hidden_post_reads_it_with_the_note(client, post, member, facilitator):
    services.content_hide(target=post, by=facilitator, note="Names a farmer without consent.")
    client.force_login(member)
    page = page_text(client.get(url("detail", post.community, post.pk)))
    assert post.title in page and "Names a farmer without consent." in page and HIDDEN_NOTICE not in page


def test_a_hidden_post_of_a_public_community_is_still_not_found_by_non_members(
    client, public_post, other_facilitator, outsider
):
    services.content_hide(target=public_post, by=other_facilitator, note="Spam.")
    client.force_login(outsider)
    assert client.get(url("detail", public_post.community, public_post.pk)).status_code == 404
    client.logout()
    assert client.get(url("detail", public_post.community, public_post.pk)).status_code == 404


def test_a_former_member_is_not_told_of_a_hidden_post(client, post, facilitator):
    from communities.models import Membership

    someone = another_member(post.community)
    services.content_hide(target=post, by=facilitator, note="To check.")
    Membership.objects.filter(user=someone, community=post.community).update(status="left")
    client.force_login(someone)
    assert client.get(url("detail", post.community, post.pk)).status_code in (403, 404)


def test_unhiding_shows_the_post_again(client, post, facilitator, member):
    services.content_hide(target=post, by=facilitator, note="To check.")
    client.force_login(facilitator)
    client.post(url("unhide", post.community, post.pk))
    client.force_login(another_member(post.community))
    assert client.get(url("detail", post.community, post.pk)).status_code == 200


def test_hiding_asks_for_a_note(client, post, facilitator):
    client.force_login(facilitator)
    assert "Why it is hidden" in page_text(client.get(url("hide", post.community, post.pk)))
    response = client.post(url("hide", post.community, post.pk), {"note": "  "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    post.refresh_from_db()
    assert not post.is_hidden


# --- Reports -----------------------------------------------------------------------------------------


def test_the_queue_lists_open_reports_and_the_facilitator_hides_or_dismisses(client, post, reply, member, facilitator):
    services.content_report(reporter=member, reason="Rude to a member.", reply=reply)
    second = services.content_report(reporter=facilitator, reason="Duplicate of another post.", post=post)
    client.force_login(facilitator)
    community = post.community
    assert "Reports to review: 2" in page_text(client.get(url("list", community)))
    page = page_text(client.get(url("reports", community)))
    assert "Rude to a member." in page and "Duplicate of another post." in page
    assert f"{url('reply-hide', community, reply.pk)}?from=reports" in page
    response = client.post(url("reply-hide", community, reply.pk), {"note": "Rude.", "from": "reports"})
    assert response["Location"] == url("reports", community)
    client.post(url("report-dismiss", community, second.pk))
    second.refresh_from_db()
    assert second.status == ContentReport.Status.DISMISSED
    assert "No report to review." in page_text(client.get(url("reports", community)))


def test_a_report_from_another_community_cannot_be_dismissed_here(client, post, member, public_post, other_facilitator):
    report = services.content_report(reporter=member, reason="Spam.", post=post)
    client.force_login(other_facilitator)
    assert client.post(url("report-dismiss", public_post.community, report.pk)).status_code == 404


def test_reporting_needs_a_reason(client, post, facilitator):
    client.force_login(facilitator)
    response = client.post(url("report", post.community, post.pk), {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not ContentReport.objects.exists()


# --- Writing -----------------------------------------------------------------------------------------


def test_a_member_shares_an_experience_with_its_structure_and_an_attachment(client, community, member, media_root):
    client.force_login(member)
    form = page_text(client.get(url("create", community)))
    assert "Context (optional)" in form and "Lessons (optional)" in form
    assert "Mention a member by writing @" in form and '<datalist id="members">' in form
    assert "js/mentions.js" in form and "<script>" not in form
    response = client.post(url("create", community), {
        "kind": "experience", "title": "Zaï pits in Yatenga", "body": "We dug **zaï** pits.", "context": "Degraded plateau.",
        "what_was_done": "Pits with compost.", "what_happened": "Sorghum yields doubled.", "lessons": "Dig before the rains.",
        "themes": "soil, water", "language": "en", "attachments": [SimpleUploadedFile("zai.pdf", PDF)],
    })
    post = Post.objects.get(title="Zaï pits in Yatenga")
    assert response["Location"] == url("detail", community, post.pk)
    page = page_text(client.get(response["Location"]))
    assert "<strong>zaï</strong>" in page and "Sorghum yields doubled." in page and "What happened" in page
    assert "zai.pdf" in page and sorted(t.name for t in post.themes.all()) == ["soil", "water"]


def test_a_rejected_attachment_shows_its_error_and_keeps_all_the_typed_text(client, community, member, media_root):
    client.force_login(member)
    response = client.post(url("create", community), {
        "kind": "experience", "title": "Solar dryers for mangoes", "body": "Drying **mangoes** in Sikasso.",
        "context": "Cooperative of women.", "what_was_done": "Built four dryers.", "what_happened": "Less waste.",
        "lessons": "Train two people per dryer.", "resource_url": "https://example.org/dryers", "themes": "post-harvest",
        "language": "fr", "attachments": [SimpleUploadedFile("plans.pdf", EXE)],
    })
    page = page_text(response)
    assert "“plans.pdf” was not attached" in page
    for text in ("Solar dryers for mangoes", "Drying **mangoes** in Sikasso.", "Cooperative of women.", "Built four dryers.",
                 "Less waste.", "Train two people per dryer.", "https://example.org/dryers", "post-harvest"):
        assert text in page
    assert re.search(r'value="fr"[^>]*selected', page)
    assert not Post.objects.exists()


def schedule(community, title):
    from datetime import timedelta

    from django.utils import timezone

    from sessions.services import session_schedule

    start = timezone.now() + timedelta(days=3)
    return session_schedule(
        community=community, by=community.memberships.facilitators().first().user, title=title, technique="peer_assist",
        format="virtual", video_link="https://meet.example.org/x", starts_at=start, ends_at=start + timedelta(hours=1),
        timezone="UTC",
    )


def test_a_post_cites_a_session_of_its_own_community_only(client, community, member, public_community):
    ours, theirs = schedule(community, "Peer assist on compost"), schedule(public_community, "Bus lanes")
    client.force_login(member)
    form = page_text(client.get(url("create", community)))
    assert "Peer assist on compost" in form and "Bus lanes" not in form
    fields = {"kind": "idea", "title": "An idea", "language": "en"}
    response = client.post(url("create", community), {**fields, "session": theirs.pk})
    assert "Select a valid choice" in page_text(response) and not Post.objects.exists()
    response = client.post(url("create", community), {**fields, "session": ours.pk})
    assert Post.objects.get().session == ours
    page = page_text(client.get(response["Location"]))
    assert reverse("meetings:detail", args=[community.slug, ours.pk]) in page and "Peer assist on compost" in page


def test_the_author_edits_and_the_earlier_version_is_kept_in_the_history(client, post, member):
    client.force_login(member)
    community = post.community
    form = page_text(client.get(url("edit", community, post.pk)))
    assert "Compost tea against mildew" in form and "agroecology" in form
    response = client.post(url("edit", community, post.pk), {
        "kind": "experience", "title": "Compost tea against powdery mildew", "body": "Every **ten days**.",
        "context": "Market gardens near Thiès.", "lessons": "Start before the rains.", "themes": "agroecology", "language": "en",
    })
    assert response["Location"] == url("detail", community, post.pk)
    assert PostRevision.objects.filter(post=post).count() == 1
    page = page_text(client.get(url("detail", community, post.pk)))
    assert "Compost tea against powdery mildew" in page and url("history", community, post.pk) in page
    history = page_text(client.get(url("history", community, post.pk)))
    assert "Compost tea against powdery mildew" in history and "Every <strong>ten days</strong>" in history
    assert "Compost tea against mildew" in history and "We sprayed <strong>compost tea</strong> every week." in history
    assert f"Before the edit by {member.display_name}" in history


def test_deleting_asks_for_confirmation(client, post, member):
    client.force_login(member)
    community = post.community
    page = page_text(client.get(url("delete", community, post.pk)))
    assert "Delete “Compost tea against mildew”?" in page
    assert Post.objects.filter(pk=post.pk).exists()
    response = client.post(url("delete", community, post.pk))
    assert response["Location"] == url("list", community)
    assert not Post.objects.filter(pk=post.pk).exists()


def test_a_reply_with_an_empty_body_shows_the_error_and_keeps_the_quote(client, post, member):
    client.force_login(member)
    response = client.post(url("reply", post.community, post.pk), {"body": "", "quote": "Keep this quote"})
    page = page_text(response)
    assert "This field is required." in page and "Keep this quote" in page
    assert not Reply.objects.exists()


def test_editing_a_reply(client, reply, facilitator):
    client.force_login(facilitator)
    response = client.post(url("reply-edit", reply.post.community, reply.pk), {"body": "Thank you, we tried it."})
    assert response["Location"].endswith(f"#reply-{reply.pk}")
    reply.refresh_from_db()
    assert reply.body == "Thank you, we tried it." and reply.edited_at


# --- Replies: threads, quotes ---------------------------------------------------------------------------


def test_the_quoted_text_box_is_shown_only_when_quoting(client, reply, member):
    client.force_login(member)
    detail = url("detail", reply.post.community, reply.post.pk)
    for address in (detail, f"{detail}?reply_to={reply.pk}", f"{detail}?quote=nonsense"):
        page = page_text(client.get(address))
        assert '<textarea name="quote"' not in page and "Quoted text (optional)" not in page, address
        assert '<input type="hidden" name="quote"' in page, address
    page = page_text(client.get(f"{detail}?quote={reply.pk}"))
    assert '<textarea name="quote"' in page and "Quoted text (optional)" in page
    assert f'href="{detail}?reply_to={reply.pk}#reply-form">Reply without quoting</a>' in page


def test_a_reply_without_a_quote_is_posted_without_one(client, post, member):
    client.force_login(member)
    response = client.post(url("reply", post.community, post.pk), {"body": "Good idea.", "quote": ""})
    assert response.status_code == 302
    assert Reply.objects.get(body="Good idea.").quote == ""


def test_reply_to_and_quote_prefill_the_form(client, reply, member):
    client.force_login(member)
    detail = url("detail", reply.post.community, reply.post.pk)
    page = page_text(client.get(f"{detail}?reply_to={reply.pk}"))
    assert f'name="parent" value="{reply.pk}"' in page and "Reply to Fatou Facilitator" in page
    page = page_text(client.get(f"{detail}?quote={reply.pk}"))
    assert re.search(r'<textarea name="quote"[^>]*>\s*Thank you, we will try it.</textarea>', page)
    assert f'name="parent" value="{reply.pk}"' in page
    page = page_text(client.get(f"{detail}?quote=nonsense&reply_to=0"))
    assert 'name="parent" value=' not in page


def test_replies_are_threaded_one_level_with_the_quote_shown(client, reply, member):
    client.force_login(member)
    community, post = reply.post.community, reply.post
    client.post(url("reply", community, post.pk), {"body": "Which dose?", "parent": reply.pk, "quote": "we will try it"})
    child = Reply.objects.get(body="Which dose?")
    assert child.parent == reply
    client.post(url("reply", community, post.pk), {"body": "One litre per ten.", "parent": child.pk})
    assert Reply.objects.get(body="One litre per ten.").parent == reply  # one level only
    page = page_text(client.get(url("detail", community, post.pk)))
    thread = page.split(f'id="reply-{reply.pk}"', 1)[1]
    nested = thread.split('<ol class="list-unstyled ms-4 ps-3 border-start">', 1)[1]
    assert "Which dose?" in nested and "One litre per ten." in nested
    assert '<blockquote class="border-start border-3 ps-2 text-body-secondary small" dir="auto">we will try it</blockquote>' in page


# --- The list -----------------------------------------------------------------------------------------


def test_filters_and_unanswered_questions_first(client, write_post, question, member, facilitator):
    answered = write_post(kind="question", title="Best cover crop for sandy soils?", themes=["soil health"], language="fr")
    services.reply_create(post=answered, author=facilitator, body="Mucuna.")
    newest = write_post(kind="idea", title="A seed fair in March", themes=["seeds"])
    client.force_login(member)
    community = question.community
    listing = url("list", community)

    def titles(query=""):
        page = page_text(client.get(f"{listing}?{query}"))
        return [title for title in (newest.title, answered.title, question.title) if title in page], page

    found, page = titles()
    assert page.index(newest.title) < page.index(answered.title) < page.index(question.title)
    assert page.count("Unanswered</span>") == 1
    found, page = titles("unanswered_first=on")
    assert page.index(question.title) < page.index(newest.title) < page.index(answered.title)
    assert titles("kind=question")[0] == [answered.title, question.title]
    assert titles("theme=Soil+Health")[0] == [answered.title]
    assert titles("language=fr")[0] == [answered.title]
    assert "No post matches these filters." in titles("kind=resource")[1]


def test_the_list_is_paginated_by_twenty(client, write_post, member):
    for number in range(21):
        write_post(title=f"Post number {number:02}")
    client.force_login(member)
    first = page_text(client.get(url("list", member.memberships.get().community)))
    assert "Post number 20" in first and "Post number 00" not in first and "Page 1 of 2" in first


def test_an_empty_list_invites_members_to_share(client, community, member, facilitator):
    client.force_login(member)
    page = page_text(client.get(url("list", community)))
    assert "Nothing shared yet." in page and url("create", community) in page


# --- Tabs and blocks --------------------------------------------------------------------------------


def test_the_knowledge_tab_and_the_recent_posts_on_the_dashboard_and_community_home(client, post, member, facilitator):
    hidden = services.post_create(community=post.community, author=facilitator, kind="idea", title="Hidden idea")
    services.content_hide(target=hidden, by=facilitator, note="Test.")
    client.force_login(member)
    home = page_text(client.get(post.community.get_absolute_url()))
    assert f'href="{url("list", post.community)}">Knowledge</a>' in home
    assert "Recent activity" in home and post.title in home and "Hidden idea" not in home
    dashboard = page_text(client.get("/"))
    assert "Recent posts and replies" in dashboard and post.title in dashboard and "Hidden idea" not in dashboard
    from communities.models import Membership

    Membership.objects.filter(user=member).update(status="left", role="member")
    assert post.title not in page_text(client.get("/"))


def test_the_pages_have_one_h1_and_no_inline_script_or_style(client, reply, member):
    client.force_login(member)
    community, post = reply.post.community, reply.post
    for address in (url("list", community), url("detail", community, post.pk), url("create", community),
                    url("edit", community, post.pk), url("history", community, post.pk), url("report", community, post.pk)):
        page = page_text(client.get(address))
        assert page.count("<h1") == 1, address
        assert "<script>" not in page and " style=" not in page, address


def test_files_of_a_hidden_post_are_hidden_too(client, community, facilitator, member, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communities.attachments import attachments_for
    from knowledge import services as knowledge_services
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    post = knowledge_services.post_create(community=community, author=member, kind="resource", title="Notes", body="…", uploads=[upload])
    (attachment,) = attachments_for(post)
    other = UserFactory()
    from communities.services import membership_approve, membership_join

    membership_approve(membership=membership_join(community=community, user=other), by=facilitator)
    client.force_login(other)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    knowledge_services.content_hide(target=post, by=facilitator, note="Données personnelles")
    assert client.get(attachment.get_absolute_url()).status_code == 403
    client.force_login(member)
    assert client.get(attachment.get_absolute_url()).status_code == 200, "its author still sees it"


def test_deleting_a_post_deletes_its_files(community, member, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communities.models import Attachment
    from knowledge import services as knowledge_services

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    post = knowledge_services.post_create(community=community, author=member, kind="resource", title="Notes", body="…", uploads=[upload])
    path = Attachment.objects.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_services.post_delete(post=post, by=member)
    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(path)
