"""Knowledge exchange: posts (experiences, questions, ideas, resources), replies,
"helpful" marks, follows, edit history (whose text the facilitators may remove) and reports
to the moderators.

Hidden content is kept (with who hid it and why), never deleted by moderation.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.models import Community


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    OTHER = "other", _("Other")


def writing_language(person, fallback=""):
    """The language someone most likely writes in: their own if it is one of ``Language``,
    else ``fallback`` (a form passes the page's language) if it is, else English."""
    for code in (getattr(person, "language", ""), fallback):
        if code in Language.values:
            return code
    return Language.ENGLISH


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Posts a list shows the person: not hidden, in communities whose content they may read
        (``permissions.can_view_post`` for one post, where authors and moderators also see hidden ones)."""
        return self.visible().filter(community__in=Community.objects.visible_to(user))

    def unanswered_questions(self):
        return self.filter(kind=Post.Kind.QUESTION, accepted_reply__isnull=True, reply_count=0)


class Post(models.Model):
    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Experience")
        QUESTION = "question", _("Question / request for support")
        IDEA = "idea", _("Idea")
        RESOURCE = "resource", _("Resource")

    community = models.ForeignKey("communities.Community", verbose_name=_("community"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="posts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown is allowed."))
    # The structure of an experience, all optional.
    context = models.TextField(_("context"), blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    what_happened = models.TextField(_("what happened"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    resource_url = models.URLField(_("link to the resource"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH)
    themes = TaggableManager(verbose_name=_("themes"), blank=True, help_text=_("Separate themes with commas."))
    session = models.ForeignKey(
        "meetings.Session", verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        help_text=_("The session this comes from, if any."),
    )
    accepted_reply = models.OneToOneField(
        "knowledge.Reply", verbose_name=_("accepted answer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_note = models.TextField(_("why it was hidden"), blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("posted"), default=now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=now)
    # Kept up to date by knowledge.search: the vector on PostgreSQL (title weighted over
    # body), the folded, stemmed words on any database (searched on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["community", "-last_activity_at"]), models.Index(fields=["community", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["experience", "question", "idea", "resource"]), name="post_kind_valid"),
            models.CheckConstraint(condition=Q(language__in=["en", "fr", "ar", "other"]), name="post_language_valid"),
            models.CheckConstraint(condition=Q(is_hidden=False) | ~Q(hidden_note=""), name="post_hidden_has_note"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:detail", args=[self.community.slug, self.pk])

    @property
    def is_question(self):
        return self.kind == self.Kind.QUESTION

    @property
    def is_unanswered(self):
        return self.is_question and self.reply_count == 0


class Revision(models.Model):
    """An earlier version of a post or a reply, kept when it is edited.

    The facilitators may remove its text from the history: the text stays in the row,
    readers see only that it was removed, and when; platform admins still read it. Who
    removed it, when and why are kept with it.
    """

    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    redacted_at = models.DateTimeField(_("removed from the history"), null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("removed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    redaction_reason = models.CharField(_("why it was removed"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_redacted(self):
        return self.redacted_at is not None


def _redaction_constraint(name):
    # Nobody is named as remover, and no reason is given, of a version that was not removed.
    return models.CheckConstraint(
        condition=Q(redacted_at__isnull=False) | (Q(redacted_by__isnull=True) & Q(redaction_reason="")), name=name
    )


class PostRevision(Revision):
    """The post as it was before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    data = models.JSONField(default=dict, blank=True)  # the structured fields, as they were

    class Meta(Revision.Meta):
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        constraints = [_redaction_constraint("post_revision_redaction_complete")]

    def __str__(self):
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def community(self):
        return self.post.community


class Reply(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="replies")
    # One level of threading: a reply answers the post, or another top-level reply.
    parent = models.ForeignKey("self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    quote = models.TextField(_("quoted text"), blank=True, max_length=2000)
    body = models.TextField(_("reply"), help_text=_("Markdown is allowed."))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_note = models.TextField(_("why it was hidden"), blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    created_at = models.DateTimeField(_("posted"), default=now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(is_hidden=False) | ~Q(hidden_note=""), name="reply_hidden_has_note"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="reply_not_its_own_parent"),
        ]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#reply-{self.pk}"


class ReplyRevision(Revision):
    """The reply as it was before an edit."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="revisions")

    class Meta(Revision.Meta):
        verbose_name = _("reply revision")
        verbose_name_plural = _("reply revisions")
        constraints = [_redaction_constraint("reply_revision_redaction_complete")]

    def __str__(self):
        return f"{self.reply} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def community(self):
        return self.reply.post.community


class HelpfulMark(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [models.UniqueConstraint(fields=["reply", "user"], name="helpful_once_per_person")]


class Follow(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_posts")
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="follow_once_per_person")]


class ContentReport(models.Model):
    """A member's report of a post, a reply or a value-creation story to the community's moderators."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    story = models.ForeignKey("knowledge.ValueStory", null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("reported"), default=now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content report")
        verbose_name_plural = _("content reports")
        ordering = ["status", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(reply__isnull=True) & Q(story__isnull=True))
                | (Q(post__isnull=True) & Q(reply__isnull=False) & Q(story__isnull=True))
                | (Q(post__isnull=True) & Q(reply__isnull=True) & Q(story__isnull=False)),
                name="report_about_one_thing",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="report_has_reason"),
        ]

    def __str__(self):
        return f"{self.target} ({self.get_status_display()})"

    @property
    def target(self):
        return self.post or self.reply or self.story

    @property
    def community_post(self):
        """The post reported, or the post of the reply reported; None for a story."""
        if self.reply_id:
            return self.reply.post
        return self.post

    @property
    def community(self):
        return (self.story or self.community_post).community


# --- Capitalization products ----------------------------------------------------------------


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
}


class ProductQuerySet(models.QuerySet):
    def in_library(self):
        return self.filter(status=CapitalizationProduct.Status.PUBLISHED, visibility=CapitalizationProduct.Visibility.PUBLIC)


class CapitalizationProduct(models.Model):
    """A structured write-up of lessons learned (capitalization of experience)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        COMMUNITY = "community", _("Community only")
        PUBLIC = "public", _("Public: in the library, for anyone")

    # The text of a product: one field per part of a capitalization sheet, in this order.
    TEXT_FIELDS = (
        "title", "summary", "context", "actors", "process", "results", "lessons", "recommendations", "replication",
    )

    community = models.ForeignKey("communities.Community", verbose_name=_("community"), on_delete=models.CASCADE, related_name="products")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    context = models.TextField(_("context"), blank=True)
    actors = models.TextField(_("actors"), blank=True, help_text=_("Who took part, and their roles."))
    process = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    replication = models.TextField(_("conditions for replication"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH)
    themes = TaggableManager(verbose_name=_("themes"), blank=True, help_text=_("Separate themes with commas."))
    countries = models.CharField(_("countries"), max_length=200, blank=True, help_text=_("Two-letter codes, separated by commas."))
    co_authors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("co-authors"), related_name="products")
    source_posts = models.ManyToManyField(Post, verbose_name=_("sources: posts"), blank=True, related_name="products")
    source_reports = models.ManyToManyField(
        "meetings.SessionReport", verbose_name=_("sources: session reports"), blank=True, related_name="products"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.COMMUNITY)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)
    # Grows on every save: an edit made from an older version is refused, not lost.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), default=now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("capitalization product")
        verbose_name_plural = _("capitalization products")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "in_review", "published"]), name="product_status_valid"),
            models.CheckConstraint(condition=Q(visibility__in=["community", "public"]), name="product_visibility_valid"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="product_published_has_date"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("products:detail", args=[self.community.slug, self.pk])

    def get_library_url(self):
        return reverse("library:detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self):
        return self.is_published and self.visibility == self.Visibility.PUBLIC

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def text(self):
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}


class ProductRevision(models.Model):
    """Every saved version of a product: who changed what, when."""

    product = models.ForeignKey(CapitalizationProduct, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("product revision")
        verbose_name_plural = _("product revisions")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["product", "version"], name="product_revision_once_per_version")]

    def __str__(self):
        return f"{self.product} v{self.version}"


class ReviewComment(models.Model):
    product = models.ForeignKey(CapitalizationProduct, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"


# --- Value-creation stories --------------------------------------------------------------------


class ValueCycle(models.TextChoices):
    """The value-creation cycles of Wenger, Trayner and de Laat (2011), in their order."""

    IMMEDIATE = "immediate", _("Immediate value")
    POTENTIAL = "potential", _("Potential value")
    APPLIED = "applied", _("Applied value")
    REALIZED = "realized", _("Realized value")
    TRANSFORMATIVE = "transformative", _("Transformative value")


# What each cycle means, in a member's words: the help under each choice of the form.
VALUE_CYCLE_HELP = {
    ValueCycle.IMMEDIATE: _("Taking part was useful in itself: an answer, an idea, encouragement, a good exchange."),
    ValueCycle.POTENTIAL: _("I gained something I can use later: a skill, a contact, a tool, a document, confidence."),
    ValueCycle.APPLIED: _("I used it: I changed how I work, tried a tool, adapted a practice in my project."),
    ValueCycle.REALIZED: _("It made a difference to results: time or money saved, better outcomes, a project improved."),
    ValueCycle.TRANSFORMATIVE: _(
        "It changed how I or my organisation see success: new goals, a new strategy, a new way of working."
    ),
}


class ValueStoryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Stories a list shows the person: not hidden, in communities whose content they may read
        (``permissions.can_view_story`` for one story, where authors and moderators also see hidden ones)."""
        return self.visible().filter(community__in=Community.objects.visible_to(user))

    def featured(self):
        return self.visible().filter(is_featured=True)


class ValueStory(models.Model):
    """A member's account of the value that taking part created for them, tagged by cycle
    and linked to the sessions, posts and products that helped. Community content, read,
    moderated and searched as posts are."""

    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE, related_name="value_stories"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL,
        related_name="value_stories",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("story"), help_text=_("Markdown is allowed."))
    cycle = models.CharField(_("value cycle"), max_length=16, choices=ValueCycle.choices)
    sessions = models.ManyToManyField(
        "meetings.Session", verbose_name=_("sessions that helped"), blank=True, related_name="value_stories"
    )
    posts = models.ManyToManyField(Post, verbose_name=_("posts that helped"), blank=True, related_name="value_stories")
    products = models.ManyToManyField(
        CapitalizationProduct, verbose_name=_("products that helped"), blank=True, related_name="value_stories"
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH)
    is_featured = models.BooleanField(_("featured on the community home"), default=False)
    featured_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_note = models.TextField(_("why it was hidden"), blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written"), default=now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ValueStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("value-creation story")
        verbose_name_plural = _("value-creation stories")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"]), models.Index(fields=["community", "cycle"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle__in=["immediate", "potential", "applied", "realized", "transformative"]),
                name="story_cycle_valid",
            ),
            models.CheckConstraint(condition=Q(language__in=["en", "fr", "ar", "other"]), name="story_language_valid"),
            models.CheckConstraint(condition=Q(is_hidden=False) | ~Q(hidden_note=""), name="story_hidden_has_note"),
            # A hidden story is never on the community's home.
            models.CheckConstraint(condition=Q(is_hidden=False) | Q(is_featured=False), name="story_hidden_not_featured"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", args=[self.community.slug, self.pk])

    @property
    def cycle_help(self):
        return VALUE_CYCLE_HELP.get(self.cycle, "")
