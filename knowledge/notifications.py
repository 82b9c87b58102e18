"""What the knowledge exchange tells people: the kinds of notification, how they read, the
email topics that switch them and the digest's sections, declared to the ground floor's registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities import registry


class KnowledgeNotificationKind(models.TextChoices):
    POST_REPLY = "post_reply", _("Replies to my posts and to posts I follow")
    MENTION = "mention", _("Someone mentions me")
    CONTENT_REPORTED = "content_reported", _("A report about content in a community I facilitate")
    ANSWER_ACCEPTED = "answer_accepted", _("My answer to a question is accepted")
    POST_HIDDEN = "post_hidden", _("A facilitator hid my post")
    REPLY_HIDDEN = "reply_hidden", _("A facilitator hid my reply")
    PRODUCT_CO_AUTHOR = "product_co_author", _("I become a co-author of a capitalization product")
    PRODUCT_PUBLISHED = "product_published", _("A capitalization product I co-wrote is published")
    PRODUCT_SUBMITTED = "product_submitted", _("A capitalization product sent for review in a community I facilitate")
    STORY_HIDDEN = "story_hidden", _("A facilitator hid my value-creation story")
    STORY_FEATURED = "story_featured", _("A facilitator featured my value-creation story")


# How each kind reads in the list, with ``data`` (and actor/community names) filled in.
MESSAGES = {
    KnowledgeNotificationKind.POST_REPLY: _("%(actor)s replied to “%(post)s”."),
    KnowledgeNotificationKind.MENTION: _("%(actor)s mentioned you in “%(post)s”."),
    KnowledgeNotificationKind.CONTENT_REPORTED: _("%(actor)s reported content in “%(post)s” for moderation."),
    KnowledgeNotificationKind.ANSWER_ACCEPTED: _("%(actor)s accepted your answer to “%(post)s”."),
    KnowledgeNotificationKind.POST_HIDDEN: _("A facilitator hid your post “%(post)s”. Their note: %(note)s"),
    KnowledgeNotificationKind.REPLY_HIDDEN: _("A facilitator hid your reply to “%(post)s”. Their note: %(note)s"),
    KnowledgeNotificationKind.PRODUCT_CO_AUTHOR: _("%(actor)s made you a co-author of “%(product)s”."),
    KnowledgeNotificationKind.PRODUCT_PUBLISHED: _("%(actor)s published “%(product)s”, which you co-wrote."),
    KnowledgeNotificationKind.PRODUCT_SUBMITTED: _("%(actor)s sent “%(product)s” for review."),
    KnowledgeNotificationKind.STORY_HIDDEN: _("A facilitator hid your story “%(story)s”. Their note: %(note)s"),
    KnowledgeNotificationKind.STORY_FEATURED: _("%(actor)s featured your story “%(story)s” on the community’s home."),
}

# The email topic that switches each kind; "facilitation" belongs to the ground floor.
TOPICS = {
    KnowledgeNotificationKind.POST_REPLY: "replies",
    KnowledgeNotificationKind.MENTION: "mentions",
    KnowledgeNotificationKind.CONTENT_REPORTED: "facilitation",
    KnowledgeNotificationKind.ANSWER_ACCEPTED: "answer_accepted",
    KnowledgeNotificationKind.POST_HIDDEN: "content_hidden",
    KnowledgeNotificationKind.REPLY_HIDDEN: "content_hidden",
    KnowledgeNotificationKind.PRODUCT_CO_AUTHOR: "products",
    KnowledgeNotificationKind.PRODUCT_PUBLISHED: "products",
    KnowledgeNotificationKind.PRODUCT_SUBMITTED: "facilitation",
    KnowledgeNotificationKind.STORY_HIDDEN: "content_hidden",
    # In the app only: good news that needs no email (and so no switch).
    KnowledgeNotificationKind.STORY_FEATURED: None,
}


def register():
    """From ``KnowledgeConfig.ready``. Positions place the lines among the other apps' (see their ``register``)."""
    registry.notification_kinds_of(KnowledgeNotificationKind, messages=MESSAGES, topics=TOPICS)
    # What people answer to comes first on the settings page, then what happens to what they wrote.
    registry.email_topic("replies", _("Replies to my posts and to posts I follow"), position=10)
    registry.email_topic("mentions", _("Someone mentions me"), position=20)
    registry.email_topic("answer_accepted", _("My answer to a question is accepted"), position=22)
    registry.email_topic("products", _("My capitalization products (co-authorship, publication)"), position=24)
    registry.email_topic("content_hidden", _("My posts or replies hidden by the facilitators"), position=26)
    # What needs readers first: questions waiting for an answer, then the rest of what was posted.
    registry.digest_section("questions", _("Questions waiting for an answer"), position=10)
    registry.digest_section("posts", _("New experiences, resources and ideas"), position=20)
    registry.digest_section("products", _("Newly published capitalization products"), position=40)
