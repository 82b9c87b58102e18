"""The notifications core: tell people what happened, in the app and (if they want) by email.

``notify`` is the one entry point. Each app declares its kinds of notification, how they
read and the email topics that switch them in its ``notifications.py``, through
``communities.registry`` (``register()`` below is the ground floor's own).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import registry
from .emails import email_send
from .models import DigestFrequency, Membership, Notification, NotificationKind, NotificationPreference, User
from .models.notifications import validate_notification_kind

# How each kind reads in the list, with ``data`` (and actor/community names) filled in.
MESSAGES = {
    NotificationKind.INVITATION_RECEIVED: _("%(actor)s invited you to join %(community)s."),
    NotificationKind.REQUEST_DECIDED: _("Your request to join %(community)s: %(decision)s."),
    NotificationKind.ROLE_CHANGED: _("Your role in %(community)s is now: %(role)s."),
    NotificationKind.MEMBERSHIP_REQUESTED: _("%(actor)s asked to join %(community)s."),
    NotificationKind.INVITATION_WITHDRAWN: _("Your invitation to %(community)s was withdrawn: the community has closed."),
    NotificationKind.OBJECTIVE_PROPOSED: _("%(actor)s proposed a learning objective for %(community)s: “%(objective)s”."),
    NotificationKind.OBJECTIVE_DECIDED: _("The learning objective you proposed in %(community)s, “%(objective)s”: %(decision)s."),
    NotificationKind.START_REQUESTED: _("%(actor)s would like to run a community: “%(name)s”."),
    NotificationKind.START_REQUEST_GRANTED: _("Your request to run “%(name)s” was granted: you can now start communities."),
    NotificationKind.START_REQUEST_DECLINED: _("Your request to run “%(name)s” was declined: %(reason)s"),
    NotificationKind.EXPERIENCE_REQUESTED: _("%(organisation)s asked for a learning experience: “%(name)s”."),
}

# The email topic (a line of the settings page) that switches each kind's email.
TOPICS = {
    NotificationKind.INVITATION_RECEIVED: "invitations",
    NotificationKind.REQUEST_DECIDED: "request_decided",
    NotificationKind.ROLE_CHANGED: "request_decided",
    NotificationKind.MEMBERSHIP_REQUESTED: "facilitation",
    NotificationKind.INVITATION_WITHDRAWN: "invitations",
    NotificationKind.OBJECTIVE_PROPOSED: "facilitation",
    NotificationKind.OBJECTIVE_DECIDED: "request_decided",
    NotificationKind.START_REQUESTED: "platform",
    NotificationKind.START_REQUEST_GRANTED: "request_decided",
    NotificationKind.START_REQUEST_DECLINED: "request_decided",
    NotificationKind.EXPERIENCE_REQUESTED: "platform",
}


def register():
    """The ground floor's kinds and topics (from ``CommunitiesConfig.ready``).

    Topics are shown by position; the upper floors' topics slot in between (replies and
    mentions first, the session topics before facilitation), and they may file their
    kinds under a topic of the ground floor ("facilitation").
    """
    registry.notification_kinds_of(NotificationKind, messages=MESSAGES, topics=TOPICS)
    registry.email_topic(
        "request_decided",
        _("Decisions on what I asked or proposed (to join, to run a community, a learning objective)"),
        position=30,
    )
    registry.email_topic("invitations", _("Invitations to a community"), position=40)
    registry.email_topic(
        "facilitation",
        _("Requests to join, proposed objectives, products to review, sessions to close and reported content (facilitators)"),
        position=90,
        for_facilitators=True,
    )
    registry.email_topic(
        "platform",
        _("Requests to run a community or for a learning experience (platform admins)"),
        position=95,
        for_platform_admins=True,
    )


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
    return registry.notification_kinds[notification.kind].message % values


def _translated_choice(value):
    from .models import LearningObjective, Membership

    for choices in (Membership.Status, Membership.Role, LearningObjective.Status):
        if value in choices.values:
            return choices(value).label
    return value


@dataclass(frozen=True)
class EmailChoice:
    """One line on the settings page: a group of kinds switched on or off together."""

    key: str
    label: str
    kinds: tuple
    for_facilitators: bool = False
    for_platform_admins: bool = False


def email_choices():
    """The lines of the settings page, in order, each with the declared kinds it switches."""
    return [
        EmailChoice(
            topic.key,
            topic.label,
            tuple(spec.value for spec in registry.notification_kinds.values() if spec.topic == topic.key),
            topic.for_facilitators,
            topic.for_platform_admins,
        )
        for topic in registry.ordered(registry.email_topics)
    ]


def email_choices_by_key():
    """{key: line of the settings page}; unsubscribe links name a line by its key."""
    return {choice.key: choice for choice in email_choices()}


def email_choice_of_kind(kind):
    """The line of the settings page that switches this kind's email, or None."""
    spec = registry.notification_kinds.get(kind)
    return email_choices_by_key().get(spec.topic) if spec else None


DIGEST_TOPIC = "digest"


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
    """Create one notification per recipient; email those who want it.

    ``kind`` must be declared (``registry.notification_kind``): an unknown one raises
    ``ValidationError`` and nothing is saved or sent.
    """
    validate_notification_kind(kind)
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
        choice = email_choice_of_kind(kind)
        email_send(
            recipients=[person for person in recipients if person.pk in wanted],
            template=email_template,
            context={"community": community, "actor": actor, "url": url, **(email_context or {})},
            attachments=email_attachments,
            headers=(lambda recipient: unsubscribe_headers(recipient.user, choice.key)) if choice else None,
        )
    return notifications


def mark_read(*, user, notification_ids=None):
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def _rows_by_kind(user, community):
    return dict(
        NotificationPreference.objects.filter(user=user, community=community).values_list("kind", "email")
    )


def email_choices_of(user, community=None):
    """{choice key: on?} for the person's defaults, or for one community ({key: None} = as default).

    A choice covering several kinds is on only if all of them are.
    """
    rows = _rows_by_kind(user, community)
    choices = {}
    for choice in email_choices():
        values = [rows[kind] for kind in choice.kinds if kind in rows]
        if community is not None and not values:
            choices[choice.key] = None
        else:
            choices[choice.key] = all(values)
    return choices


def email_choices_set(*, user, choices, community=None):
    """Save {choice key: True/False} (and, for a community, None = "as my default")."""
    by_key = email_choices_by_key()
    with transaction.atomic():
        for key, value in choices.items():
            choice = by_key.get(key)
            if choice is None:
                continue
            for kind in choice.kinds:
                rows = NotificationPreference.objects.filter(user=user, community=community, kind=kind)
                if value is None:
                    rows.delete()
                else:
                    NotificationPreference.objects.update_or_create(
                        user=user, community=community, kind=kind, defaults={"email": bool(value)}
                    )


# --- Digest frequency ------------------------------------------------------------------------------

FIRST_MONTH = timedelta(days=30)


def community_is_new(community, moment):
    """In its first month: from its start date if it has one, else from its creation."""
    start = community.created_at
    if community.start_date:
        start = max(start, datetime.combine(community.start_date, time.min, tzinfo=UTC))
    return moment < start + FIRST_MONTH


def digest_frequency(*, user, membership, community, moment):
    """Daily, weekly or off for this person in this community at ``moment``."""
    frequency = membership.digest_frequency or user.digest_frequency
    if frequency == DigestFrequency.AUTO:
        return DigestFrequency.DAILY if community_is_new(community, moment) else DigestFrequency.WEEKLY
    return frequency


def digest_set(*, user, frequency, community=None):
    """The person's default (``community=None``), or their choice for one community ("" = default)."""
    if community is None:
        if frequency not in DigestFrequency.values:
            raise ValueError(frequency)
        User.objects.filter(pk=user.pk).update(digest_frequency=frequency)
        user.digest_frequency = frequency
        return
    if frequency not in ("", DigestFrequency.DAILY, DigestFrequency.WEEKLY, DigestFrequency.OFF):
        raise ValueError(frequency)
    Membership.objects.filter(user=user, community=community).update(digest_frequency=frequency)


# --- One-click unsubscribe -------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "communities.notifications.unsubscribe"
UNSUBSCRIBE_VALID_FOR = timedelta(days=90)


def unsubscribe_token(user, topic):
    """A signed, dated token that stops ``topic`` (the digest or a choice key) for ``user``."""
    return signing.dumps({"u": user.pk, "t": topic, "e": _address_hash(user.email)}, salt=UNSUBSCRIBE_SALT)


def _address_hash(address):
    """Ties a token to the address it was sent to, without showing the address in the link."""
    return salted_hmac(UNSUBSCRIBE_SALT, address.lower()).hexdigest()[:16]


def unsubscribe_url(user, topic):
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(user, topic)])


def unsubscribe_headers(user, topic, *, url=None):
    """``List-Unsubscribe`` with RFC 8058 one-click: the mail client POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{url or unsubscribe_url(user, topic)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_read(token):
    """(person, topic) for a valid token, or None if forged, expired or for an old address."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    topic = data.get("t")
    if topic != DIGEST_TOPIC and topic not in email_choices_by_key():
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or _address_hash(user.email) != data.get("e"):
        return None
    return user, topic


def unsubscribe(*, user, topic):
    """Stop this kind of email everywhere (community overrides that said yes included)."""
    with transaction.atomic():
        if topic == DIGEST_TOPIC:
            digest_set(user=user, frequency=DigestFrequency.OFF)
            Membership.objects.filter(user=user).exclude(digest_frequency="").update(digest_frequency="")
            return
        choice = email_choices_by_key()[topic]
        NotificationPreference.objects.filter(user=user, community__isnull=False, kind__in=choice.kinds).delete()
        email_choices_set(user=user, choices={topic: False})


def topic_label(topic):
    if topic == DIGEST_TOPIC:
        return _("the digest of what is new in your communities")
    return email_choices_by_key()[topic].label
