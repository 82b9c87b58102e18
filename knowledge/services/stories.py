"""Value-creation stories: members write how taking part created value for them (by the
cycles of Wenger, Trayner and de Laat), facilitators feature some on the community's home,
and moderate them as posts: reports, hiding with a note the author reads.

Each write validates, works in a transaction and notifies on commit. ``stories_per_cycle``
is the read the health dashboard counts with.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import permissions
from communities.notifications import notify

from ..models import ContentReport, ValueCycle, ValueStory, writing_language
from ..notifications import KnowledgeNotificationKind
from .posts import _check_member, _still_members, content_report

__all__ = [
    "STORY_FIELDS",
    "story_create",
    "story_update",
    "story_delete",
    "story_feature",
    "story_report",
    "story_hide",
    "story_unhide",
    "stories_per_cycle",
]

STORY_FIELDS = ("title", "body", "cycle", "language")
LINKS = ("sessions", "posts", "products")


def _check_links(community, links):
    """Every session, post and product named belongs to the story's community (and the posts
    can be read by its members): a crafted form names nothing from elsewhere."""
    errors = {}
    checks = {
        "sessions": (community.sessions.all(), _("Choose sessions of this community.")),
        "posts": (community.posts.visible(), _("Choose posts of this community that are not hidden.")),
        "products": (community.products.all(), _("Choose capitalization products of this community.")),
    }
    for name, (allowed, message) in checks.items():
        chosen = {item.pk for item in links.get(name) or ()}
        if chosen and allowed.filter(pk__in=chosen).count() != len(chosen):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def _set_links(story, links):
    for name in LINKS:
        if name in links:
            getattr(story, name).set(list(links[name] or ()))


def story_create(*, community, author, title, body, cycle, language=None, sessions=(), posts=(), products=()):
    """A member's story. Refused, with nothing saved, from anyone who is not an active member."""
    _check_member(community, author)
    links = {"sessions": sessions, "posts": posts, "products": products}
    _check_links(community, links)
    with transaction.atomic():
        story = ValueStory(
            community=community,
            author=author,
            title=" ".join((title or "").split()),
            body=(body or "").strip(),
            cycle=cycle,
            language=language or writing_language(author),
        )
        story.full_clean()
        story.save()
        _set_links(story, links)
    return story


def story_update(*, story, by, **fields):
    """Change a story: its author only, while a member of the open community."""
    if not permissions.can_edit_story(by, story):
        raise ValidationError(_("Only the author of a story can change it, while a member of the community."))
    links = {name: fields.pop(name) for name in LINKS if name in fields}
    _check_links(story.community, links)
    with transaction.atomic():
        story = ValueStory.objects.select_for_update().get(pk=story.pk)
        for name, value in fields.items():
            if name not in STORY_FIELDS:
                raise ValueError(f"{name} is not editable")
            setattr(story, name, value)
        story.title = " ".join(story.title.split())
        story.body = story.body.strip()
        story.edited_at = timezone.now()
        story.full_clean()
        story.save()
        _set_links(story, links)
    return story


def story_delete(*, story, by):
    if story.author_id != by.pk:
        raise ValidationError(_("Only the author can delete a story."))
    story.delete()


def story_feature(*, story, by, featured):
    """Put the story on the community's home (``featured``), or take it off."""
    if not permissions.can_feature_story(by, story):
        raise ValidationError(_("Only the facilitators can feature a story, and not a hidden one."))
    with transaction.atomic():
        # Only a change is news: featuring twice (a double click) tells the author once.
        changed = (
            ValueStory.objects.filter(pk=story.pk, is_hidden=False)
            .exclude(is_featured=featured)
            .update(
                is_featured=featured,
                featured_by=by if featured else None,
                featured_at=timezone.now() if featured else None,
            )
        )
        if changed and featured:
            notify(
                recipients=_still_members(story.community, [story.author_id]),
                kind=KnowledgeNotificationKind.STORY_FEATURED,
                community=story.community,
                actor=by,
                target=story,
                url=story.get_absolute_url(),
                data={"story": story.title},
            )
    story.refresh_from_db()
    return story


def story_report(*, story, reporter, reason):
    """A member tells the facilitators a story breaks the charter (in their reports to review)."""
    return content_report(reporter=reporter, reason=reason, story=story)


def story_hide(*, story, by, note):
    """Hide a story: kept, with the moderator's note, not deleted; off the home; its author told."""
    if not permissions.can_moderate(by, story.community):
        raise ValidationError(_("Only the facilitators of the community can hide a story."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a short note: it is kept with the hidden content.")})
    with transaction.atomic():
        ValueStory.objects.filter(pk=story.pk).update(
            is_hidden=True, hidden_note=note, hidden_by=by, is_featured=False, featured_by=None, featured_at=None
        )
        ContentReport.objects.filter(story=story, status=ContentReport.Status.OPEN).update(
            status=ContentReport.Status.HIDDEN, resolved_by=by, resolved_at=timezone.now()
        )
        if not story.is_hidden:  # hiding again (a double click) tells the author nothing new
            notify(
                recipients=_still_members(story.community, [story.author_id]),
                kind=KnowledgeNotificationKind.STORY_HIDDEN,
                community=story.community,
                actor=by,
                target=story,
                url=story.get_absolute_url(),
                data={"story": story.title, "note": note},
                email_template="knowledge/story_hidden",
                email_context={"story": story, "note": note},
            )
    story.refresh_from_db()
    return story


def story_unhide(*, story, by):
    if not permissions.can_moderate(by, story.community):
        raise ValidationError(_("Only the facilitators of the community can show a story again."))
    ValueStory.objects.filter(pk=story.pk).update(is_hidden=False, hidden_note="", hidden_by=None)
    story.refresh_from_db()
    return story


def stories_per_cycle(community):
    """{cycle: number of stories} of the community, every cycle in its order (zeros included),
    hidden stories left out: what its members see. One query."""
    counts = dict(community.value_stories.visible().values_list("cycle").annotate(n=Count("pk")).order_by())
    return {cycle: counts.get(cycle, 0) for cycle in ValueCycle.values}
