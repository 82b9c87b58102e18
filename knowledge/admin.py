"""Admin for the knowledge exchange: posts, replies, value-creation stories and reports to the moderators.

Moderation goes through the services: hiding keeps the content with a note and resolves
its open reports, and an edit of a post or a reply keeps the version it replaces. Earlier
versions are read-only here, with whether, when, by whom and why the facilitators removed
their text from the history pages. Staff export a selection of posts, or whole
communities, with their replies (``knowledge.exports``). Value-creation stories are read-only
here: staff filter them by cycle, hide, feature and export them.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from communities.admin import CommunityAdmin
from communities.models import Community

from . import exports, services
from .models import ContentReport, Post, PostRevision, Reply, ReplyRevision, ValueStory
from .services import stories as story_services


def _hide(modeladmin, request, queryset):
    done = 0
    for target in queryset.filter(is_hidden=False):
        try:
            services.content_hide(target=target, by=request.user, note=gettext("Hidden by an administrator."))
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{target}: {' '.join(error.messages)}", messages.WARNING)
    modeladmin.message_user(
        request, ngettext("%(count)d item hidden.", "%(count)d items hidden.", done) % {"count": done}, messages.SUCCESS
    )


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _short(text, words=12):
    return Truncator(text).words(words)


# --- Posts -------------------------------------------------------------------------------------


REDACTION_FIELDS = ["redacted_at", "redacted_by", "redaction_reason"]


class RevisionInline(admin.TabularInline):
    """Earlier versions of the post: history, never edited."""

    model = PostRevision
    fields = ["created_at", "editor", "title", "body", "data", *REDACTION_FIELDS]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editor", "redacted_by")


class ReplyRevisionInline(RevisionInline):
    """Earlier versions of the reply: history, never edited."""

    model = ReplyRevision
    fields = ["created_at", "editor", "body", *REDACTION_FIELDS]
    readonly_fields = fields


class RedactedFilter(admin.SimpleListFilter):
    title = _("removed from the history")
    parameter_name = "removed"

    def lookups(self, request, model_admin):
        return [("yes", _("Text removed")), ("no", _("Text not removed"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(redacted_at__isnull=self.value() == "no")
        return queryset


class RevisionAdmin(admin.ModelAdmin):
    """Every earlier version, to find what the facilitators removed: read-only."""

    list_filter = [RedactedFilter]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PostRevision)
class PostRevisionAdmin(RevisionAdmin):
    list_display = ["post", "editor", "created_at", "redacted_at", "redacted_by"]
    list_filter = [RedactedFilter, "post__community"]
    list_select_related = ["post", "editor", "redacted_by"]
    fields = ["post", "editor", "created_at", "title", "body", "data", *REDACTION_FIELDS]
    readonly_fields = fields


@admin.register(ReplyRevision)
class ReplyRevisionAdmin(RevisionAdmin):
    list_display = ["reply", "editor", "created_at", "redacted_at", "redacted_by"]
    list_filter = [RedactedFilter, "reply__post__community"]
    list_select_related = ["reply__author", "editor", "redacted_by"]
    fields = ["reply", "editor", "created_at", "body", *REDACTION_FIELDS]
    readonly_fields = fields


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "author", "language", "reply_count", "is_hidden", "created_at"]
    list_filter = ["kind", "language", "is_hidden", "community"]
    search_fields = ["title", "body", "author__email", "author__display_name"]
    list_select_related = ["community", "author"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["session"]
    readonly_fields = [
        "community", "author", "reply_count", "accepted_reply", "is_hidden", "hidden_note", "hidden_by",
        "created_at", "edited_at", "last_activity_at",
    ]
    inlines = [RevisionInline]
    actions = ["hide", "export_csv", "export_json"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        """Posts are written by members, in their community."""
        return False

    def save_model(self, request, obj, form, change):
        """Edits go through the service, so the version they replace is kept."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS}
        if not changes:
            return
        try:
            services.post_update(post=obj, by=request.user, **changes)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        obj.refresh_from_db()

    @admin.action(description=_("Hide selected"), permissions=["change"])
    def hide(self, request, queryset):
        _hide(self, request, queryset)

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _download(exports.as_csv(queryset), "text/csv", "posts.csv")

    @admin.action(description=_("Export selected as JSON"), permissions=["view"])
    def export_json(self, request, queryset):
        return _download(exports.as_json(queryset), "application/json", "posts.json")


# --- Replies -----------------------------------------------------------------------------------


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "post", "community", "author", "helpful_count", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "post__community"]
    search_fields = ["body", "author__email", "author__display_name", "post__title"]
    list_select_related = ["post__community", "author"]
    date_hierarchy = "created_at"
    fields = [
        "post", "parent", "author", "quote", "body", "helpful_count", "is_hidden", "hidden_note", "hidden_by",
        "created_at", "edited_at",
    ]
    readonly_fields = [name for name in fields if name != "body"]
    inlines = [ReplyRevisionInline]
    actions = ["hide"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reply"))
    def excerpt(self, reply):
        return _short(reply.body)

    @admin.display(description=_("community"), ordering="post__community__name")
    def community(self, reply):
        return reply.post.community

    def save_model(self, request, obj, form, change):
        if "body" not in form.changed_data:
            return
        try:
            services.reply_update(reply=obj, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        obj.refresh_from_db()

    @admin.action(description=_("Hide selected"), permissions=["change"])
    def hide(self, request, queryset):
        _hide(self, request, queryset)


# --- Reports -----------------------------------------------------------------------------------


class ReportCommunityFilter(admin.SimpleListFilter):
    """A report is about a post, a reply or a story: the community of the post, or of the story."""

    title = _("community")
    parameter_name = "community"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Community.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(post__community_id=self.value())
                | Q(reply__post__community_id=self.value())
                | Q(story__community_id=self.value())
            )
        return queryset


@admin.register(ContentReport)
class ContentReportAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "about", "community", "reporter", "status", "created_at", "resolved_by"]
    list_filter = ["status", ReportCommunityFilter]
    search_fields = ["reason"]
    list_select_related = [
        "post__community", "reply__post__community", "reply__author", "story__community", "reporter", "resolved_by",
    ]
    date_hierarchy = "created_at"
    fields = ["post", "reply", "story", "reporter", "reason", "status", "created_at", "resolved_by", "resolved_at"]
    readonly_fields = fields
    actions = ["dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reason"))
    def excerpt(self, report):
        return _short(report.reason)

    @admin.display(description=_("about"))
    def about(self, report):
        return _short(str(report.target), 8)

    @admin.display(description=_("community"))
    def community(self, report):
        return report.community

    @admin.action(description=_("Dismiss selected reports"), permissions=["change"])
    def dismiss(self, request, queryset):
        open_reports = list(queryset.filter(status=ContentReport.Status.OPEN))
        for report in open_reports:
            services.report_dismiss(report=report, by=request.user)
        count = len(open_reports)
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", count) % {"count": count},
            messages.SUCCESS,
        )


# --- Value-creation stories ---------------------------------------------------------------------


@admin.register(ValueStory)
class ValueStoryAdmin(admin.ModelAdmin):
    """Members' stories, read here as written: staff hide, feature and export them (through the
    services), and never rewrite someone's testimony."""

    list_display = ["title", "community", "cycle", "author", "language", "is_featured", "is_hidden", "created_at"]
    list_filter = ["cycle", "language", "is_featured", "is_hidden", "community"]
    search_fields = ["title", "body", "author__email", "author__display_name"]
    list_select_related = ["community", "author"]
    date_hierarchy = "created_at"
    fields = [
        "community", "author", "title", "cycle", "body", "language", "sessions", "posts", "products", "is_featured",
        "featured_by", "featured_at", "is_hidden", "hidden_note", "hidden_by", "created_at", "edited_at",
    ]
    readonly_fields = fields
    actions = ["hide", "feature", "unfeature", "export_csv"]

    def has_add_permission(self, request):
        """Stories are told by members, in their community."""
        return False

    def _each(self, request, queryset, change, done_message):
        done = 0
        for story in queryset.select_related("community"):
            try:
                change(story)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{story}: {' '.join(error.messages)}", messages.WARNING)
        self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Hide selected"), permissions=["change"])
    def hide(self, request, queryset):
        note = gettext("Hidden by an administrator.")
        self._each(
            request, queryset.filter(is_hidden=False),
            lambda story: story_services.story_hide(story=story, by=request.user, note=note),
            lambda n: ngettext("%(count)d item hidden.", "%(count)d items hidden.", n),
        )

    @admin.action(description=_("Feature selected on their community’s home"), permissions=["change"])
    def feature(self, request, queryset):
        self._each(
            request, queryset.filter(is_featured=False),
            lambda story: story_services.story_feature(story=story, by=request.user, featured=True),
            lambda n: ngettext("%(count)d story featured.", "%(count)d stories featured.", n),
        )

    @admin.action(description=_("Take selected off their community’s home"), permissions=["change"])
    def unfeature(self, request, queryset):
        self._each(
            request, queryset.filter(is_featured=True),
            lambda story: story_services.story_feature(story=story, by=request.user, featured=False),
            lambda n: ngettext("%(count)d story taken off the home.", "%(count)d stories taken off the home.", n),
        )

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _download(exports.stories_as_csv(queryset), "text/csv", "value-stories.csv")


# --- Whole communities -------------------------------------------------------------------------


# The community admin is the ground floor's; the knowledge exchange adds its exports to it
# (the ground floor never imports from above).
admin.site.unregister(Community)


@admin.register(Community)
class CommunityWithKnowledgeAdmin(CommunityAdmin):
    actions = [*(CommunityAdmin.actions or []), "export_knowledge_csv", "export_knowledge_json"]

    def _posts(self, queryset):
        return Post.objects.filter(community_id__in=[community.pk for community in queryset])

    @admin.action(description=_("Export their knowledge (posts and replies) as CSV"), permissions=["view"])
    def export_knowledge_csv(self, request, queryset):
        return _download(exports.as_csv(self._posts(queryset)), "text/csv", "knowledge.csv")

    @admin.action(description=_("Export their knowledge (posts and replies) as JSON"), permissions=["view"])
    def export_knowledge_json(self, request, queryset):
        return _download(exports.as_json(self._posts(queryset)), "application/json", "knowledge.json")
