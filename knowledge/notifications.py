"""What the knowledge exchange tells people: the kinds of notification, how they read, the
email topics that switch them and the digest's sections, declared to the ground floor's registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities import registry


class KnowledgeNotificationKind(models.TextChoices):
    POST_REPLY = "post_reply", _("Replies to my posts and to posts I follow")
    MENTION = "mention", _("Someone mentions me")
    CONTENT_REPORTED = "content_reported", _("A report about content in a community I facilitate")


# How each kind reads in the list, with ``data`` (and actor/community names) filled in.
MESSAGES = {
    KnowledgeNotificationKind.POST_REPLY: _("%(actor)s replied to “%(post)s”."),
    KnowledgeNotificationKind.MENTION: _("%(actor)s mentioned you in “%(post)s”."),
    KnowledgeNotificationKind.CONTENT_REPORTED: _("%(actor)s reported content in “%(post)s” for moderation."),
}

# The email topic that switches each kind; "facilitation" belongs to the ground floor.
TOPICS = {
    KnowledgeNotificationKind.POST_REPLY: "replies",
    KnowledgeNotificationKind.MENTION: "mentions",
    KnowledgeNotificationKind.CONTENT_REPORTED: "facilitation",
}


def register():
    """From ``KnowledgeConfig.ready``. Positions place the lines among the other apps' (see their ``register``)."""
    registry.notification_kinds_of(KnowledgeNotificationKind, messages=MESSAGES, topics=TOPICS)
    # What people answer to comes first on the settings page.
    registry.email_topic("replies", _("Replies to my posts and to posts I follow"), position=10)
    registry.email_topic("mentions", _("Someone mentions me"), position=20)
    # What needs readers first: questions waiting for an answer, then the rest of what was posted.
    registry.digest_section("questions", _("Questions waiting for an answer"), position=10)
    registry.digest_section("posts", _("New experiences, resources and ideas"), position=20)
    registry.digest_section("products", _("Newly published capitalization products"), position=40)
