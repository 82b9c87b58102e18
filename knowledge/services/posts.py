"""Every write of the knowledge exchange: posts, replies, marks, follows, reports,
moderation, and the removal of text from a history. Each validates, writes in a
transaction and notifies on commit."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import permissions
from communities.attachments import attachment_add, attachments_for
from communities.models import Membership, User
from communities.notifications import notify

from ..models import ContentReport, Follow, HelpfulMark, Post, PostRevision, Reply, ReplyRevision, writing_language
from ..notifications import KnowledgeNotificationKind
from ..search import refresh_index

__all__ = [
    "STRUCTURED_FIELDS",
    "EDITABLE_FIELDS",
    "mentioned_members",
    "post_create",
    "post_update",
    "post_delete",
    "reply_create",
    "reply_update",
    "helpful_toggle",
    "answer_accept",
    "follow_set",
    "content_report",
    "content_hide",
    "content_unhide",
    "revision_redact",
    "report_dismiss",
]

STRUCTURED_FIELDS = ("context", "what_was_done", "what_happened", "lessons", "resource_url")
EDITABLE_FIELDS = ("title", "body", "kind", "language", "session", *STRUCTURED_FIELDS)


# --- Mentions --------------------------------------------------------------------------------


def mentioned_members(community, text, *, exclude=None):
    """Active members of ``community`` written as ``@Display Name`` in ``text``.

    Names have spaces, so each member's name is looked for (longest first, so
    "@Marie Claire Dupont" isn't also read as "@Marie Claire"). Nobody outside the
    community is ever matched: mentioning them notifies no one.
    """
    if "@" not in (text or ""):
        return []
    members = sorted(
        (m.user for m in community.memberships.active().select_related("user")),
        key=lambda person: len(person.display_name),
        reverse=True,
    )
    found, remaining = [], text
    for person in members:
        pattern = re.compile(r"@" + re.escape(person.display_name) + r"(?![\w])", re.IGNORECASE)
        if pattern.search(remaining):
            remaining = pattern.sub("", remaining)
            if person != exclude:
                found.append(person)
    return found


def _notify_mentions(post, author, text, target, already=()):
    people = [p for p in mentioned_members(post.community, text, exclude=author) if p not in already]
    notify(
        recipients=people,
        kind=KnowledgeNotificationKind.MENTION,
        community=post.community,
        actor=author,
        target=target,
        url=target.get_absolute_url(),
        data={"post": post.title},
        email_template="knowledge/mention",
        email_context={"post": post, "text": text},
    )
    return people


# --- Posts -----------------------------------------------------------------------------------


def _still_members(community, user_ids):
    """Those of ``user_ids`` still active members of ``community``, in one query: people who
    left or were removed hear nothing more from it."""
    return list(User.objects.active_members_of(community).filter(pk__in=[pk for pk in user_ids if pk]))


def _check_member(community, person):
    if community.is_closed:
        raise ValidationError(_("This community is closed: it is read-only."))
    if not Membership.objects.active().filter(community=community, user=person).exists():
        raise ValidationError(_("Only members of the community can write here."))


def post_create(*, community, author, themes=(), uploads=(), **fields):
    _check_member(community, author)
    # Written in its author's language unless told otherwise, so it is searched with the right stemmer.
    fields.setdefault("language", writing_language(author))
    with transaction.atomic():
        post = Post(community=community, author=author, **fields)
        post.full_clean()
        post.save()
        if themes:
            post.themes.set(list(themes))
        for upload in uploads:
            attachment_add(community=community, by=author, uploaded_file=upload, target=post)
        Follow.objects.create(post=post, user=author)
        _notify_mentions(post, author, " ".join([post.title, post.body, *(getattr(post, f) for f in STRUCTURED_FIELDS)]), post)
    return post


def post_update(*, post, by, themes=None, uploads=(), redact_earlier=False, **fields):
    """Change a post, keeping the version it replaces in the history. ``redact_earlier``
    removes that version's text from the history at once (facilitators only)."""
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        before = " ".join([post.title, post.body, *(getattr(post, f) for f in STRUCTURED_FIELDS)])
        revision = PostRevision.objects.create(
            post=post, editor=by, title=post.title, body=post.body,
            data={name: getattr(post, name) for name in STRUCTURED_FIELDS},
        )
        for name, value in fields.items():
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"{name} is not editable")
            setattr(post, name, value)
        post.edited_at = timezone.now()
        post.full_clean()
        post.save()
        if themes is not None:
            post.themes.set(list(themes))
        for upload in uploads:
            attachment_add(community=post.community, by=by, uploaded_file=upload, target=post)
        if redact_earlier:
            revision_redact(revision=revision, by=by)
        already = mentioned_members(post.community, before)
        _notify_mentions(post, by, " ".join([post.title, post.body, *(getattr(post, f) for f in STRUCTURED_FIELDS)]), post, already)
    return post


def post_delete(*, post, by):
    """Delete a post with its replies and its files (rows and stored bytes)."""
    if post.author_id != by.pk:
        raise ValidationError(_("Only the author can delete a post."))
    files = list(attachments_for(post))
    with transaction.atomic():
        for attachment in files:
            attachment.delete()
        post.delete()
        transaction.on_commit(lambda: [attachment.file.delete(save=False) for attachment in files])


# --- Replies -----------------------------------------------------------------------------------


def reply_create(*, post, author, body, parent=None, quote=""):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your reply.")})
    _check_member(post.community, author)
    if post.is_hidden:
        raise ValidationError(_("This post is hidden: replies are closed."))
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(_("You can only reply within the same conversation."))
        parent = parent.parent or parent  # one level of threading
    with transaction.atomic():
        reply = Reply(post=post, author=author, body=body, parent=parent, quote=(quote or "").strip()[:2000])
        reply.full_clean()
        reply.save()
        Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1, last_activity_at=timezone.now())
        Follow.objects.get_or_create(post=post, user=author)
        mentioned = _notify_mentions(post, author, body, reply)
        # Only people still in the community: those who left or were removed hear nothing.
        still_members = post.follows.filter(user__in=User.objects.active_members_of(post.community))
        followers = [
            follow.user
            for follow in still_members.select_related("user").exclude(user=author)
            if follow.user not in mentioned
        ]
        notify(
            recipients=followers,
            kind=KnowledgeNotificationKind.POST_REPLY,
            community=post.community,
            actor=author,
            target=reply,
            url=reply.get_absolute_url(),
            data={"post": post.title},
            email_template="knowledge/reply",
            email_context={"post": post, "reply": reply},
        )
    return reply


def reply_update(*, reply, by, body, redact_earlier=False):
    """Change a reply, keeping the version it replaces in the history. ``redact_earlier``
    removes that version's text from the history at once (facilitators only)."""
    if not permissions.can_edit_reply(by, reply):
        raise ValidationError(_("You can’t edit this reply."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your reply.")})
    with transaction.atomic():
        earlier = Reply.objects.select_for_update().values_list("body", flat=True).get(pk=reply.pk)
        revision = ReplyRevision.objects.create(reply=reply, editor=by, body=earlier)
        Reply.objects.filter(pk=reply.pk).update(body=body, edited_at=timezone.now())
        reply.refresh_from_db()
        refresh_index(reply)  # update() sends no post_save
        if redact_earlier:
            revision_redact(revision=revision, by=by)
        _notify_mentions(reply.post, by, body, reply, mentioned_members(reply.post.community, earlier))
    return reply


def helpful_toggle(*, reply, user):
    """Mark a reply helpful, or take the mark back. Returns True if now marked."""
    _check_member(reply.post.community, user)
    if reply.author_id == user.pk:
        raise ValidationError(_("You can’t mark your own reply as helpful."))
    if not permissions.can_mark_helpful(user, reply):
        raise ValidationError(_("A hidden reply can’t be marked helpful."))
    with transaction.atomic():
        deleted, _rows = HelpfulMark.objects.filter(reply=reply, user=user).delete()
        if deleted:
            Reply.objects.filter(pk=reply.pk).update(helpful_count=F("helpful_count") - 1)
            return False
        _mark, created = HelpfulMark.objects.get_or_create(reply=reply, user=user)
        if created:  # a double click may have marked it a moment ago
            Reply.objects.filter(pk=reply.pk).update(helpful_count=F("helpful_count") + 1)
        return True


def answer_accept(*, post, reply, by):
    if not permissions.can_accept_answer(by, post):
        raise ValidationError(_("Only the person who asked, or a facilitator, chooses the accepted answer."))
    if not post.is_question:
        raise ValidationError(_("Only questions have an accepted answer."))
    if reply is not None and reply.post_id != post.pk:
        raise ValidationError(_("This reply belongs to another conversation."))
    if reply is not None and reply.is_hidden:
        raise ValidationError(_("A hidden reply can’t be the accepted answer."))
    with transaction.atomic():
        # Only a change of answer is news: accepting the same reply again tells no one twice.
        changed = Post.objects.filter(pk=post.pk).exclude(accepted_reply=reply).update(accepted_reply=reply)
        if changed and reply is not None:
            notify(
                recipients=_still_members(post.community, [reply.author_id]),
                kind=KnowledgeNotificationKind.ANSWER_ACCEPTED,
                community=post.community,
                actor=by,
                target=reply,
                url=reply.get_absolute_url(),
                data={"post": post.title},
                email_template="knowledge/answer_accepted",
                email_context={"post": post, "reply": reply},
            )
    post.refresh_from_db()
    return post


def follow_set(*, post, user, follow):
    if follow:
        Follow.objects.get_or_create(post=post, user=user)
    else:
        Follow.objects.filter(post=post, user=user).delete()


# --- Moderation --------------------------------------------------------------------------------


def content_report(*, reporter, reason, post=None, reply=None, story=None):
    """A member tells the facilitators a post, a reply or a value story breaks the charter
    (one of the three): it joins their reports to review."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong, so the facilitators can act.")})
    target = post or reply or story
    about = reply.post if reply else target  # what the report is listed under
    _check_member(about.community, reporter)
    if story is not None and story.author_id == reporter.pk:
        raise ValidationError(_("You can’t report your own story: edit or delete it instead."))
    if target.is_hidden:
        raise ValidationError(_("This has already been hidden by a facilitator."))
    if ContentReport.objects.filter(
        reporter=reporter, post=post, reply=reply, story=story, status=ContentReport.Status.OPEN
    ).exists():
        raise ValidationError(_("You have already reported this; the facilitators will look at it."))
    with transaction.atomic():
        report = ContentReport.objects.create(reporter=reporter, post=post, reply=reply, story=story, reason=reason[:2000])
        facilitators = [m.user for m in about.community.memberships.facilitators().select_related("user")]
        notify(
            recipients=facilitators,
            kind=KnowledgeNotificationKind.CONTENT_REPORTED,
            community=about.community,
            actor=reporter,
            target=report,
            url=target.get_absolute_url(),
            data={"post": about.title},
            email_template="knowledge/content_reported",
            email_context={"post": about, "report": report},
        )
    return report


def content_hide(*, target, by, note):
    """Hide a post or a reply: kept, with the moderator's note, not deleted."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a short note: it is kept with the hidden content.")})
    with transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(is_hidden=True, hidden_note=note, hidden_by=by)
        if isinstance(target, Reply) and not target.is_hidden:
            # reply_count counts what readers see: a question left with only hidden
            # replies shows as unanswered again.
            Post.objects.filter(pk=target.post_id).update(reply_count=F("reply_count") - 1)
        if isinstance(target, Reply):
            Post.objects.filter(accepted_reply=target).update(accepted_reply=None)
        reports = ContentReport.objects.filter(**{"post" if isinstance(target, Post) else "reply": target}, status="open")
        reports.update(status=ContentReport.Status.HIDDEN, resolved_by=by, resolved_at=timezone.now())
        if not target.is_hidden:  # hiding again (a double click) tells the author nothing new
            _notify_hidden(target, by, note)
    target.refresh_from_db()
    return target


def _notify_hidden(target, by, note):
    """Tell the author what was hidden and why: the note is theirs to read, in the app and the email."""
    is_post = isinstance(target, Post)
    post = target if is_post else target.post
    notify(
        recipients=_still_members(post.community, [target.author_id]),
        kind=KnowledgeNotificationKind.POST_HIDDEN if is_post else KnowledgeNotificationKind.REPLY_HIDDEN,
        community=post.community,
        actor=by,
        target=target,
        url=target.get_absolute_url(),
        data={"post": post.title, "note": note},
        email_template="knowledge/content_hidden",
        email_context={"post": post, "reply": None if is_post else target, "note": note},
    )


def content_unhide(*, target, by):
    if isinstance(target, Reply) and target.is_hidden:
        Post.objects.filter(pk=target.post_id).update(reply_count=F("reply_count") + 1)
    type(target).objects.filter(pk=target.pk).update(is_hidden=False, hidden_note="", hidden_by=None)
    target.refresh_from_db()
    return target


def revision_redact(*, revision, by, reason=""):
    """Remove the text of an earlier version of a post or a reply (a ``PostRevision`` or a
    ``ReplyRevision``) from its history.

    The text stays in the row, for platform admins; readers see that the facilitators removed
    it, and when. Who removed it and why are kept with it. It cannot be removed twice.
    """
    if not permissions.can_redact_revision(by, revision.community):
        raise ValidationError(_("Only the facilitators of the community can remove text from the history."))
    with transaction.atomic():
        locked = type(revision).objects.select_for_update().get(pk=revision.pk)
        if locked.is_redacted:
            raise ValidationError(_("The text of this version has already been removed from the history."))
        locked.redacted_at = timezone.now()
        locked.redacted_by = by
        locked.redaction_reason = (reason or "").strip()
        locked.full_clean()
        locked.save(update_fields=["redacted_at", "redacted_by", "redaction_reason"])
    revision.redacted_at, revision.redacted_by, revision.redaction_reason = (
        locked.redacted_at, locked.redacted_by, locked.redaction_reason
    )
    return revision


def report_dismiss(*, report, by):
    ContentReport.objects.filter(pk=report.pk, status="open").update(
        status=ContentReport.Status.DISMISSED, resolved_by=by, resolved_at=timezone.now()
    )
