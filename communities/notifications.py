"""The notifications core: tell people what happened, in the app and (if they want) by email.

``notify`` is the one entry point. Later apps add kinds to ``NotificationKind`` and
messages to ``MESSAGES`` below.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .emails import email_send
from .models import Notification, NotificationKind, NotificationPreference

# How each kind reads in the list, with ``data`` (and actor/community names) filled in.
MESSAGES = {
    NotificationKind.INVITATION_RECEIVED: _("%(actor)s invited you to join %(community)s."),
    NotificationKind.REQUEST_DECIDED: _("Your request to join %(community)s: %(decision)s."),
    NotificationKind.ROLE_CHANGED: _("Your role in %(community)s is now: %(role)s."),
    NotificationKind.MEMBERSHIP_REQUESTED: _("%(actor)s asked to join %(community)s."),
    NotificationKind.SESSION_SCHEDULED: _("New session in %(community)s: %(session)s."),
    NotificationKind.SESSION_CHANGED: _("The session “%(session)s” in %(community)s has changed."),
    NotificationKind.SESSION_CANCELLED: _("The session “%(session)s” in %(community)s is cancelled."),
    NotificationKind.SESSION_PLACE_FREED: _("A place opened for you at “%(session)s”: you are now going."),
    NotificationKind.SESSION_REMINDER: _("Reminder: “%(session)s” starts soon."),
    NotificationKind.SESSION_REPORT: _("The report of “%(session)s” in %(community)s is available."),
    NotificationKind.SESSION_TO_CLOSE: _("“%(session)s” is over: record who attended and write its report."),
    NotificationKind.POST_REPLY: _("%(actor)s replied to “%(post)s”."),
    NotificationKind.MENTION: _("%(actor)s mentioned you in “%(post)s”."),
    NotificationKind.CONTENT_REPORTED: _("%(actor)s reported content in “%(post)s” for moderation."),
}


def render_message(notification):
    values = {
        "actor": notification.data.get("actor", ""),
        "community": notification.data.get("community", ""),
        **notification.data,
    }
    # Values stored as translatable choices (a decision, a role) are shown in the reader's language.
    for key in ("decision", "role"):
        if key in values:
            values[key] = _translated_choice(values[key])
    return MESSAGES[notification.kind] % values


def _translated_choice(value):
    from .models import Membership

    for choices in (Membership.Status, Membership.Role):
        if value in choices.values:
            return choices(value).label
    return value


def email_wanted(recipients, kind, community=None):
    """Ids of recipients who want an email for this kind here (default: yes)."""
    ids = [person.pk for person in recipients]
    rows = NotificationPreference.objects.filter(user_id__in=ids, kind=kind).filter(
        Q(community__isnull=True) | Q(community=community)
    )
    default, specific = {}, {}
    for row in rows:
        (specific if row.community_id else default)[row.user_id] = row.email
    return {pk for pk in ids if specific.get(pk, default.get(pk, True))}


def notify(
    *, recipients, kind, community=None, actor=None, target=None, url="", data=None,
    email_template=None, email_context=None, email_attachments=None,
):
    """Create one notification per recipient; email those who want it."""
    recipients = [person for person in recipients if person is not None and person != actor]
    if not recipients:
        return []
    data = {
        **({"actor": actor.display_name} if actor else {}),
        **({"community": community.name} if community else {}),
        **(data or {}),
    }
    notifications = Notification.objects.bulk_create(
        Notification(recipient=person, kind=kind, actor=actor, community=community, target=target, url=url, data=data)
        for person in recipients
    )
    if email_template:
        wanted = email_wanted(recipients, kind, community)
        email_send(
            recipients=[person for person in recipients if person.pk in wanted],
            template=email_template,
            context={"community": community, "actor": actor, "url": url, **(email_context or {})},
            attachments=email_attachments,
        )
    return notifications


def mark_read(*, user, notification_ids=None):
    from django.utils import timezone

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def preferences_of(user):
    """{kind: email on?} for the person's defaults (no row: on)."""
    rows = dict(
        NotificationPreference.objects.filter(user=user, community__isnull=True).values_list("kind", "email")
    )
    return {kind: rows.get(kind, True) for kind in NotificationKind.values}


def preferences_set(*, user, choices):
    """Save the person's default email choice for each kind ({kind: bool})."""
    from django.db import transaction

    with transaction.atomic():
        for kind, email in choices.items():
            if kind not in NotificationKind.values:
                continue
            NotificationPreference.objects.update_or_create(
                user=user, community=None, kind=kind, defaults={"email": bool(email)}
            )
