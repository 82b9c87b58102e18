"""Where the upper floors (sessions, knowledge) add to pages of the ground floor.

The ground floor never imports from above; instead, apps register small providers and
declarations in their ``AppConfig.ready()``:

- ``dashboard_sections``: ``provider(request)`` → ``{"template": ..., **context}`` or None;
- ``community_home_sections``: ``provider(request, community)`` → the same;
- ``visitor_home_sections``: ``provider(request)`` → the same, on the home page of
  people who are not signed in (what anyone may read: public communities' news);
- ``community_tabs``: ``(label, url name taking the slug, app namespace of its pages)``;
- ``digest_providers``: ``provider(batch)`` → ``DigestItem``s for the communities of a
  batch of readers (see ``communities.digests``), with a fixed number of queries; each
  item names its section, declared with ``digest_section()``;
- ``member_activity``: ``provider(community)`` → ``{user id: when they last took part}``
  (posted, replied, attended...), in a fixed number of queries; the manage page and the
  community's health read the latest of all providers;
- ``health_sections``: ``provider(community, now)`` → a ``communities.dashboard.Section``
  (figures and series) for the facilitators' health dashboard, in a fixed number of queries;
- ``membership_ended``: ``handler(membership=..., by=...)``, called inside the
  transaction when someone leaves or is removed, so upper floors undo what only a
  member may hold (a place at an upcoming session).

and, declared through the functions below (each app in its own ``notifications.py``):

- ``notification_kind()``: a kind of notification, how it reads in the list and which
  email topic switches its email on or off. ``Notification.kind`` and
  ``NotificationPreference.kind`` accept only declared kinds, so a new kind needs no
  migration of the ground floor;
- ``email_topic()``: a line of the email settings page (several kinds switched together);
- ``digest_section()``: a heading of the digest, and where it stands.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

dashboard_sections = []
community_home_sections = []
visitor_home_sections = []
community_tabs = []
digest_providers = []
member_activity = []
health_sections = []
membership_ended = []


def sections(providers, *args):
    return [section for provider in providers if (section := provider(*args))]


# --- Declarations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationKindSpec:
    """One kind of notification.

    ``label`` names it (admin, fallbacks); ``message`` is how one reads in the list, a
    lazy translation %-formatted with the notification's ``data`` (``actor`` and
    ``community`` always present); ``topic`` is the key of the ``email_topic`` that
    switches its email, or None if nobody can switch it off.
    """

    value: str
    label: str
    message: str
    topic: str | None = None


@dataclass(frozen=True)
class EmailTopic:
    """One line of the email settings page. Lines are shown by ``position``, smallest first."""

    key: str
    label: str
    position: int
    for_facilitators: bool = False
    for_platform_admins: bool = False


@dataclass(frozen=True)
class DigestSection:
    """One heading of the digest. Sections are shown by ``position``, smallest first; their
    lines newest first, or soonest first for what is still to come (sessions)."""

    key: str
    title: str
    position: int
    soonest_first: bool = False


# {value: NotificationKindSpec}, {key: EmailTopic}, {key: DigestSection}, in the order declared.
notification_kinds = {}
email_topics = {}
digest_sections = {}

# The longest value ``Notification.kind`` and ``NotificationPreference.kind`` can store.
NOTIFICATION_KIND_MAX_LENGTH = 40


def _declare(declared, key, spec):
    # The same declaration twice (ready() run again) is harmless; two different ones for one key are a bug.
    if declared.get(key, spec) != spec:
        raise ImproperlyConfigured(f"{type(spec).__name__} {key!r} is declared twice, differently.")
    declared[key] = spec
    return spec


def notification_kind(value, label, *, message, topic=None):
    if len(value) > NOTIFICATION_KIND_MAX_LENGTH:
        raise ImproperlyConfigured(f"Notification kind {value!r} is longer than {NOTIFICATION_KIND_MAX_LENGTH}.")
    return _declare(notification_kinds, str(value), NotificationKindSpec(str(value), label, message, topic))


def notification_kinds_of(choices, *, messages, topics):
    """Declare every member of a ``TextChoices`` (its label names the kind) with its message and topic."""
    for kind in choices:
        notification_kind(kind.value, kind.label, message=messages[kind], topic=topics.get(kind))


def email_topic(key, label, *, position, for_facilitators=False, for_platform_admins=False):
    return _declare(email_topics, key, EmailTopic(key, label, position, for_facilitators, for_platform_admins))


def digest_section(key, title, *, position, soonest_first=False):
    return _declare(digest_sections, key, DigestSection(key, title, position, soonest_first))


def notification_kind_choices():
    """``(value, label)`` of every declared kind: choices for forms and admin filters."""
    return [(spec.value, spec.label) for spec in notification_kinds.values()]


def ordered(declared):
    return sorted(declared.values(), key=lambda spec: spec.position)


def last_activity(community):
    """{user id: the latest moment they took part in the community}, from every ``member_activity`` provider."""
    latest = {}
    for provider in member_activity:
        for user_id, moment in provider(community).items():
            if user_id is not None and moment is not None and (user_id not in latest or moment > latest[user_id]):
                latest[user_id] = moment
    return latest
