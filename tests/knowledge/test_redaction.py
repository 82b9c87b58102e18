"""Facilitators remove text from the history of a post or a reply (a phone number, a name):
readers see that it was removed and when, platform admins still read it, and the removal
is kept with who did it and why. Replies keep their earlier versions, as posts do."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.permissions import can_redact_revision, can_see_redacted_text
from communities.services import community_create, membership_join
from knowledge import services
from knowledge.models import PostRevision, ReplyRevision
from tests.conftest import PERSONAS, verified
from tests.factories import UserFactory

from .test_pages import ALLOW, DENY, LOGIN, NOT_FOUND, READERS, another_member, check, expected, page_text, url

pytestmark = pytest.mark.django_db

PHONE = "77 123 45 67"
REMOVED = "Removed by the facilitators on"
ADMIN_NOTE = "As a platform admin, you still see the removed text below."
BUTTON = "Remove this version’s text"
REDACTORS = {"facilitator", "staff"}
# Everyone else, from nobody to a Django-admin account with no permission at all.
NOT_REDACTORS = ["anonymous", "outsider", "requester", "member", "other_facilitator", "plain_staff"]


# --- People and places -------------------------------------------------------------------------


@pytest.fixture
def open_community(facilitator):
    """A public community anyone may join: its knowledge is readable by anyone."""
    return community_create(
        by=facilitator, name="Seed savers of the Sahel", visibility="public", join_policy="open", status="active"
    )


@pytest.fixture
def open_member(open_community):
    person = verified(UserFactory(display_name="Awa Member"))
    membership_join(community=open_community, user=person)
    return person


def sign_in(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)


def edit_post(client, post, **changes):
    """Post the edit form back with its current values, changed."""
    fields = {
        "kind": post.kind, "title": post.title, "body": post.body, "context": post.context,
        "what_was_done": post.what_was_done, "what_happened": post.what_happened, "lessons": post.lessons,
        "resource_url": post.resource_url, "themes": ", ".join(post.themes.names()), "language": post.language,
        **changes,
    }
    response = client.post(url("edit", post.community, post.pk), fields)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return response


@pytest.fixture
def versions(write_post, member):
    """An earlier version with a phone number, of the member's post and of the member's reply
    (in the private community): (history page, removal page, revision) for each."""
    post = write_post(body=f"Call me on +221 {PHONE}.")
    services.post_update(post=post, by=member, body="Write to me here.")
    reply = services.reply_create(post=post, author=member, body=f"Or on my other number, {PHONE}.")
    services.reply_update(reply=reply, by=member, body="Or write to me.")
    community = post.community
    post_revision, reply_revision = post.revisions.get(), reply.revisions.get()
    return {
        "post": (url("history", community, post.pk), url("revision-redact", community, post.pk, post_revision.pk), post_revision),
        "reply": (
            url("reply-history", community, reply.pk),
            url("reply-revision-redact", community, reply.pk, reply_revision.pk),
            reply_revision,
        ),
    }


# --- What readers and platform admins see --------------------------------------------------------


def test_a_phone_number_removed_from_a_posts_history_is_read_by_platform_admins_only(
    client, open_community, open_member, facilitator, staff, platform_admin, plain_staff
):
    post = services.post_create(
        community=open_community, author=open_member, kind="experience", title="Seed fair in Kaolack",
        body=f"Call me on +221 {PHONE} to come.", context=f"Ask for Awa at +221 {PHONE}.",
    )
    sign_in(client, facilitator)
    edit_post(client, post, body="Write to the facilitators to come.", context="Ask for Awa at the fair.")
    revision = post.revisions.get()
    history = url("history", open_community, post.pk)
    redact = url("revision-redact", open_community, post.pk, revision.pk)

    page = page_text(client.get(history))
    assert PHONE in page and redact in page and BUTTON in page
    confirmation = page_text(client.get(redact))  # shows what is about to go
    assert PHONE in confirmation and "Remove this version’s text from the history?" in confirmation
    response = client.post(redact, {"reason": "A private phone number."})

    assert response["Location"] == f"{history}#revision-{revision.pk}"
    revision.refresh_from_db()
    assert revision.is_redacted and revision.redacted_by == facilitator
    assert revision.redaction_reason == "A private phone number."
    assert PHONE in revision.body  # kept, for platform admins
    for reader in (None, open_member, plain_staff, facilitator):
        sign_in(client, reader)
        page = page_text(client.get(history))
        assert PHONE not in page and REMOVED in page and ADMIN_NOTE not in page, reader
        assert "Ask for Awa at the fair." in page and "Seed fair in Kaolack" in page  # the rest of the history stays
        assert redact not in page
        # Why it was removed: for those who may remove text, not for every reader.
        assert ("A private phone number." in page) == (reader == facilitator)
    for admin in (staff, platform_admin):
        sign_in(client, admin)
        page = page_text(client.get(history))
        assert PHONE in page and REMOVED in page and ADMIN_NOTE in page


def test_a_phone_number_removed_from_a_replys_history_is_read_by_platform_admins_only(
    client, open_community, open_member, facilitator, staff, platform_admin, plain_staff
):
    post = services.post_create(community=open_community, author=facilitator, kind="question", title="Who sells seeds?")
    reply = services.reply_create(post=post, author=open_member, body=f"Me! Call +221 {PHONE}.")
    sign_in(client, facilitator)
    response = client.post(url("reply-edit", open_community, reply.pk), {"body": "Me! Ask the facilitators for my number."})
    assert response.status_code == 302
    revision = reply.revisions.get()
    assert revision.editor == facilitator and PHONE in revision.body
    history = url("reply-history", open_community, reply.pk)
    redact = url("reply-revision-redact", open_community, reply.pk, revision.pk)

    sign_in(client, None)
    assert history in page_text(client.get(url("detail", open_community, post.pk)))  # "edited on …" leads to it
    assert PHONE in page_text(client.get(history))  # before the removal, anyone reads it: the bug
    sign_in(client, facilitator)
    assert redact in page_text(client.get(history))
    assert PHONE in page_text(client.get(redact))
    response = client.post(redact)  # the reason is optional
    assert response["Location"] == f"{history}#revision-{revision.pk}"

    revision.refresh_from_db()
    assert revision.is_redacted and revision.redacted_by == facilitator and revision.redaction_reason == ""
    for reader in (None, open_member, plain_staff, facilitator):
        sign_in(client, reader)
        page = page_text(client.get(history))
        assert PHONE not in page and REMOVED in page and ADMIN_NOTE not in page, reader
        assert "Ask the facilitators for my number." in page  # the current version
    for admin in (staff, platform_admin):
        sign_in(client, admin)
        page = page_text(client.get(history))
        assert PHONE in page and REMOVED in page and ADMIN_NOTE in page


def test_the_removal_date_is_shown_in_the_readers_time_zone(client, open_community, open_member, facilitator):
    post = services.post_create(community=open_community, author=open_member, kind="idea", title="Seed bank", body=PHONE)
    services.post_update(post=post, by=facilitator, body="Ask us.")
    revision = services.revision_redact(revision=post.revisions.get(), by=facilitator)
    late_evening = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    PostRevision.objects.filter(pk=revision.pk).update(redacted_at=late_evening)
    history = url("history", open_community, post.pk)

    assert f"{REMOVED} March 1, 2026." in page_text(client.get(history))  # the site's zone, UTC
    open_member.timezone = "Asia/Tokyo"
    open_member.save(update_fields=["timezone"])
    sign_in(client, open_member)
    assert f"{REMOVED} March 2, 2026." in page_text(client.get(history))


# --- Who may remove text ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["post", "reply"])
@pytest.mark.parametrize("persona", [*NOT_REDACTORS, *sorted(REDACTORS)])
def test_who_may_remove_a_versions_text(client, as_persona, versions, persona, kind):
    history, redact, revision = versions[kind]
    user = as_persona(persona)

    shown = client.get(redact)
    done = client.post(redact, {"reason": "A private phone number."})

    revision.refresh_from_db()
    assert can_redact_revision(user or AnonymousUser(), revision.community) == (persona in REDACTORS)
    if persona in REDACTORS:
        assert shown.status_code == 200 and PHONE in shown.content.decode()
        assert done.status_code == 302 and revision.is_redacted and revision.redacted_by == user
    else:
        refusal = LOGIN if persona == "anonymous" else DENY
        check(shown, refusal)
        check(done, refusal)
        assert not revision.is_redacted and revision.redacted_by is None and revision.redaction_reason == ""


@pytest.mark.parametrize("kind", ["post", "reply"])
@pytest.mark.parametrize("persona", [*NOT_REDACTORS, *sorted(REDACTORS)])
def test_only_facilitators_and_platform_admins_are_offered_the_button(client, as_persona, versions, persona, kind):
    history, redact, _revision = versions[kind]
    as_persona(persona)
    response = client.get(history)
    check(response, expected(persona, READERS))
    if response.status_code == ALLOW:
        page = response.content.decode()
        assert (redact in page) == (BUTTON in page) == (persona in REDACTORS)


def test_a_plain_staff_account_neither_removes_nor_reads_removed_text(client, open_community, open_member, facilitator, plain_staff):
    post = services.post_create(community=open_community, author=open_member, kind="idea", title="Seed bank", body=PHONE)
    services.post_update(post=post, by=open_member, body="Ask us.")
    revision = post.revisions.get()
    redact = url("revision-redact", open_community, post.pk, revision.pk)
    assert not can_redact_revision(plain_staff, open_community) and not can_see_redacted_text(plain_staff)
    with pytest.raises(ValidationError):
        services.revision_redact(revision=revision, by=plain_staff)

    sign_in(client, plain_staff)
    page = page_text(client.get(url("history", open_community, post.pk)))
    assert PHONE in page and redact not in page  # not removed yet: a reader like any other
    assert client.get(redact).status_code == DENY and client.post(redact).status_code == DENY
    services.revision_redact(revision=revision, by=facilitator)
    page = page_text(client.get(url("history", open_community, post.pk)))
    assert PHONE not in page and REMOVED in page
    assert client.get(reverse("admin:knowledge_postrevision_changelist")).status_code == DENY


def test_the_service_refuses_members_and_people_from_elsewhere(versions, member, other_facilitator, outsider):
    _history, _redact, revision = versions["post"]
    for person in (member, other_facilitator, outsider):
        with pytest.raises(ValidationError, match="Only the facilitators of the community"):
            services.revision_redact(revision=revision, by=person)
    revision.refresh_from_db()
    assert not revision.is_redacted


def test_a_version_of_another_post_is_not_found(client, versions, write_post, facilitator):
    other = write_post(title="Another post")
    services.post_update(post=other, by=facilitator, body="Changed.")
    _history, _redact, revision = versions["post"]
    client.force_login(facilitator)
    assert client.get(url("revision-redact", other.community, other.pk, revision.pk)).status_code == NOT_FOUND
    _history, _redact, reply_revision = versions["reply"]
    assert client.post(url("revision-redact", other.community, other.pk, reply_revision.pk)).status_code == NOT_FOUND
    revision.refresh_from_db()
    assert not revision.is_redacted


@pytest.mark.parametrize("kind", ["post", "reply"])
def test_removing_twice_is_refused_with_a_message(client, versions, facilitator, staff, kind):
    history, redact, revision = versions[kind]
    services.revision_redact(revision=revision, by=facilitator, reason="Phone number.")
    with pytest.raises(ValidationError, match="already been removed"):
        services.revision_redact(revision=revision, by=staff)

    client.force_login(staff)
    response = client.post(redact, {"reason": "Again."})
    assert response.status_code == 200
    assert "The text of this version has already been removed from the history." in response.content.decode()
    response = client.get(redact, follow=True)
    assert response.redirect_chain == [(history, 302)]
    assert "already been removed" in response.content.decode()
    revision.refresh_from_db()
    assert revision.redacted_by == facilitator and revision.redaction_reason == "Phone number."


def test_removing_needs_a_csrf_token(versions, facilitator):
    _history, redact, revision = versions["post"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    assert client.post(redact).status_code == DENY
    revision.refresh_from_db()
    assert not revision.is_redacted


def test_a_reason_longer_than_allowed_is_refused(client, versions, facilitator):
    _history, redact, revision = versions["reply"]
    client.force_login(facilitator)
    response = client.post(redact, {"reason": "x" * 501})
    assert response.status_code == 200 and "at most 500 characters" in response.content.decode()
    revision.refresh_from_db()
    assert not revision.is_redacted


# --- Removing the earlier text while editing -----------------------------------------------------


def test_a_facilitator_removes_the_earlier_text_while_editing(client, write_post, member, facilitator):
    post = write_post(body=f"Call me on {PHONE}.")
    reply = services.reply_create(post=post, author=member, body=f"Or on {PHONE}.")
    client.force_login(facilitator)
    assert "Also remove the earlier text from the history" in page_text(client.get(url("edit", post.community, post.pk)))
    assert "Also remove the earlier text from the history" in page_text(
        client.get(url("reply-edit", post.community, reply.pk))
    )

    edit_post(client, post, body="Write to me.", redact_earlier="on")
    client.post(url("reply-edit", post.community, reply.pk), {"body": "Or write to me.", "redact_earlier": "on"})

    for revision in (post.revisions.get(), reply.revisions.get()):
        assert revision.is_redacted and revision.redacted_by == facilitator and PHONE in revision.body
    client.force_login(member)
    assert PHONE not in page_text(client.get(url("history", post.community, post.pk)))
    assert PHONE not in page_text(client.get(url("reply-history", post.community, reply.pk)))


def test_members_editing_are_not_offered_to_remove_the_earlier_text(client, write_post, member):
    post = write_post(body=f"Call me on {PHONE}.")
    reply = services.reply_create(post=post, author=member, body=f"Or on {PHONE}.")
    client.force_login(member)
    assert "Also remove the earlier text" not in page_text(client.get(url("edit", post.community, post.pk)))
    assert "Also remove the earlier text" not in page_text(client.get(url("reply-edit", post.community, reply.pk)))

    edit_post(client, post, body="Write to me.", redact_earlier="on")
    client.post(url("reply-edit", post.community, reply.pk), {"body": "Or write to me.", "redact_earlier": "on"})

    assert not post.revisions.get().is_redacted and not reply.revisions.get().is_redacted
    with pytest.raises(ValidationError):
        services.post_update(post=post, by=member, body="Again.", redact_earlier=True)
    assert post.revisions.count() == 1  # refused as a whole: the edit is not saved either


# --- The history of a reply ---------------------------------------------------------------------------


def test_editing_a_reply_keeps_the_earlier_version(reply, facilitator):
    services.reply_update(reply=reply, by=facilitator, body="Thank you, we tried it.")
    services.reply_update(reply=reply, by=facilitator, body="Thank you, it worked.")
    assert list(reply.revisions.values_list("body", flat=True)) == ["Thank you, we tried it.", "Thank you, we will try it."]
    assert {revision.editor for revision in reply.revisions.all()} == {facilitator}
    assert not ReplyRevision.objects.filter(redacted_at__isnull=False).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_history_of_a_reply_is_read_by_those_who_read_the_post(client, as_persona, reply, facilitator, persona):
    services.reply_update(reply=reply, by=facilitator, body="Thank you, we tried it.")
    as_persona(persona)
    response = client.get(url("reply-history", reply.post.community, reply.pk))
    check(response, expected(persona, READERS))
    if response.status_code == ALLOW:
        page = response.content.decode()
        assert "Thank you, we will try it." in page and "Thank you, we tried it." in page


def test_a_hidden_replys_history_follows_the_hidden_reply_rules(client, post, member, facilitator, staff):
    community = post.community
    writer = another_member(community, name="Salif Seller")
    reply = services.reply_create(post=post, author=writer, body="Buy my fertiliser at half price!")
    services.reply_update(reply=reply, by=writer, body="Buy my fertiliser!")
    services.content_hide(target=reply, by=facilitator, note="Advertising.")
    history = url("reply-history", community, reply.pk)
    for person in (member, another_member(community)):  # the post's author, and another member
        client.force_login(person)
        assert client.get(history).status_code == NOT_FOUND
    for person in (writer, facilitator, staff):
        client.force_login(person)
        page = page_text(client.get(history))
        assert "half price" in page and "Advertising." in page


def test_a_reply_never_edited_has_no_earlier_version(client, reply, member):
    client.force_login(member)
    detail = page_text(client.get(url("detail", reply.post.community, reply.post.pk)))
    assert url("reply-history", reply.post.community, reply.pk) not in detail
    page = page_text(client.get(url("reply-history", reply.post.community, reply.pk)))
    assert "No earlier version of this reply is kept." in page


# --- Pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "facilitator", "staff"])
def test_the_pages_have_one_h1_labels_and_no_inline_script_or_style(client, as_persona, versions, facilitator, persona):
    services.revision_redact(revision=versions["post"][2], by=facilitator, reason="Phone.")
    as_persona(persona)
    pages = [versions["post"][0], versions["reply"][0]]
    if persona in REDACTORS:
        pages.append(versions["reply"][1])
    for address in pages:
        page = page_text(client.get(address))
        assert page.count("<h1") == 1, address
        assert "<script>" not in page and " style=" not in page, address
    if persona in REDACTORS:
        confirmation = page_text(client.get(versions["reply"][1]))
        assert re.search(r'<label\s+for="id_reason"', confirmation) and ">Remove the text</button>" in confirmation
        assert 'name="csrfmiddlewaretoken"' in confirmation


# --- Query counts -----------------------------------------------------------------------------------


def count_queries(client, address):
    client.get(address)  # warm per-process caches and the "last seen" mark first
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == ALLOW
    return len(context)


def add_versions(post, reply, editors, facilitator, count, start=0):
    for number in range(start, start + count):
        editor = editors[number % len(editors)]
        remove = editor == facilitator and number % 3 == 0
        services.post_update(post=post, by=editor, body=f"Version {number} of the post.", redact_earlier=remove)
        services.reply_update(reply=reply, by=editor, body=f"Version {number} of the reply.", redact_earlier=remove)


@pytest.mark.parametrize("persona", ["anonymous", "open_member", "facilitator", "staff"])
def test_the_history_pages_cost_the_same_queries_for_more_versions(
    client, as_persona, django_assert_num_queries, open_community, open_member, facilitator, persona
):
    post = services.post_create(community=open_community, author=open_member, kind="idea", title="Seed bank", body="First.")
    reply = services.reply_create(post=post, author=open_member, body="First reply.")
    editors = [open_member, facilitator]
    as_persona(persona)
    addresses = [url("history", open_community, post.pk), url("reply-history", open_community, reply.pk)]

    add_versions(post, reply, editors, facilitator, 2)
    few = [count_queries(client, address) for address in addresses]
    add_versions(post, reply, editors, facilitator, 8, start=2)

    assert post.revisions.count() == reply.revisions.count() == 10
    assert post.revisions.filter(redacted_at__isnull=False).exists()
    for address, queries in zip(addresses, few, strict=True):
        with django_assert_num_queries(queries):
            assert client.get(address).status_code == ALLOW


# --- Django admin --------------------------------------------------------------------------------------


def test_staff_find_removed_versions_in_admin_read_only(client, versions, staff, facilitator):
    _history, _redact, revision = versions["post"]
    _history, _redact, reply_revision = versions["reply"]
    services.revision_redact(revision=revision, by=facilitator, reason="A private phone number.")
    services.revision_redact(revision=reply_revision, by=facilitator)
    client.force_login(staff)

    changelist = reverse("admin:knowledge_postrevision_changelist")
    assert client.get(changelist, {"removed": "yes"}).context["cl"].result_count == 1
    assert client.get(changelist, {"removed": "no"}).context["cl"].result_count == 0
    assert client.get(reverse("admin:knowledge_replyrevision_changelist"), {"removed": "yes"}).context["cl"].result_count == 1
    response = client.get(reverse("admin:knowledge_postrevision_change", args=[revision.pk]))
    page = page_text(response)
    assert "A private phone number." in page and facilitator.display_name in page and PHONE in page
    assert not response.context["has_change_permission"]
    page = page_text(client.get(reverse("admin:knowledge_reply_change", args=[reply_revision.reply_id])))
    assert PHONE in page and "removed from the history" in page.lower()
