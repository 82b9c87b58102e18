"""Admin for programmes, sessions, RSVPs and calendar feeds.

Answers are the members' own: staff read them here but don't write them. Feed tokens are
credentials and are never shown; staff can only stop a feed.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities.spreadsheets import csv_response

from . import services
from .calendar import calendar_feed_revoke
from .models import (
    CalendarFeed,
    Phase,
    Programme,
    ProgrammeInvitation,
    Recurrence,
    Reminder,
    Rsvp,
    Session,
    SessionFeedback,
)
from .reminders import stuck_reminders


class PhaseInline(admin.TabularInline):
    model = Phase
    fields = ["name", "order", "starts_on", "ends_on"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communities"]
    autocomplete_fields = ["managers"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [PhaseInline]


@admin.register(ProgrammeInvitation)
class ProgrammeInvitationAdmin(admin.ModelAdmin):
    """The record of invitations into programmes; facilitators answer them in the site's pages."""

    list_display = ["community", "programme", "status", "invited_by", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["community__name", "programme__name"]
    list_select_related = ["community", "programme", "invited_by", "decided_by"]
    readonly_fields = ["programme", "community", "status", "invited_by", "created_at", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["user", "response", "is_waitlisted", "created_at", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


ADMIN_SERVICE_FIELDS = services.CALENDAR_FIELDS | {"capacity", "technique", "programme", "phase"}


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "starts_at", "format", "status", "sequence"]
    list_filter = ["status", "format", "community"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "guiding_question"]
    list_select_related = ["community"]
    autocomplete_fields = ["community", "programme", "facilitators"]
    readonly_fields = ["sequence", "announced_at", "created_by", "created_at", "updated_at"]
    inlines = [RsvpInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        """Changes go through the services, so calendars (SEQUENCE) and members follow."""
        if not change:
            return super().save_model(request, obj, form, change)
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in ADMIN_SERVICE_FIELDS}
        cancel = changes.get("status") == Session.Status.CANCELLED and changes.pop("status")
        try:
            if changes:
                services.session_update(session=obj, by=request.user, **changes)
            if cancel:
                services.session_cancel(session=obj, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        obj.refresh_from_db()


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "response", "is_waitlisted", "created_at"]
    list_filter = ["response", "is_waitlisted"]
    search_fields = ["session__title", "user__display_name", "user__email"]
    list_select_related = ["session", "user"]
    readonly_fields = ["session", "user", "response", "is_waitlisted", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


class ActiveFeedFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active")), ("no", _("Stopped"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "yes")
        return queryset


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "created_at", "revoked_at"]
    list_filter = [ActiveFeedFilter]
    search_fields = ["user__display_name", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, feed):
        return feed.revoked_at is None

    @admin.action(description=_("Stop the selected calendar addresses"), permissions=["change"])
    def revoke(self, request, queryset):
        users = {feed.user for feed in queryset.filter(revoked_at__isnull=True).select_related("user")}
        count = sum(calendar_feed_revoke(user=user) for user in users)
        self.message_user(
            request,
            ngettext("%(count)d calendar address stopped.", "%(count)d calendar addresses stopped.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False


class StuckReminderFilter(admin.SimpleListFilter):
    title = _("stuck")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("yes", _("Claimed over 10 minutes ago and never handed to the mail service"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset & stuck_reminders()
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: a stuck claim is for a person to look into (was the mail sent?), not to replay."""

    list_display = ["session", "user", "kind", "offset_minutes", "sequence", "status", "is_stuck", "claimed_at", "sent_at"]
    list_filter = [StuckReminderFilter, "status", "kind"]
    search_fields = ["session__title", "user__email", "user__display_name"]
    list_select_related = ["session", "user"]
    readonly_fields = ["session", "user", "kind", "offset_minutes", "sequence", "status", "claimed_at", "sent_at"]

    @admin.display(boolean=True, description=_("stuck"))
    def is_stuck(self, reminder):
        return reminder.is_stuck

    def has_add_permission(self, request):
        return False


@admin.register(Recurrence)
class RecurrenceAdmin(admin.ModelAdmin):
    list_display = ["community", "frequency", "until", "count", "timezone", "created_at"]
    list_filter = ["frequency"]
    list_select_related = ["community"]
    readonly_fields = ["community", "frequency", "until", "count", "timezone", "created_by", "created_at"]



@admin.register(SessionFeedback)
class SessionFeedbackAdmin(admin.ModelAdmin):
    """Members' answers: read here, exported, deleted if need be, never written by staff.

    Who wrote an anonymous answer is for superusers only (a data-protection request): other
    staff find its author nowhere, not in the list, the search, a filter or the form; the
    CSV export never names it, whoever exports.
    """

    list_display = ["session", "community", "author", "usefulness", "is_anonymous", "created_at", "updated_at"]
    list_filter = ["usefulness", "is_anonymous", "session__community", "created_at"]
    date_hierarchy = "created_at"
    list_select_related = ["session__community", "user"]
    fields = [
        "session", "user", "usefulness", "learned", "will_apply", "objectives", "themes", "is_anonymous",
        "created_at", "updated_at",
    ]
    actions = ["export_csv"]
    AUTHOR_LOOKUPS = ("user", "user_id")

    @admin.display(description=_("community"), ordering="session__community__name")
    def community(self, feedback):
        return feedback.session.community

    @admin.display(description=_("author"))
    def author(self, feedback):
        """What the system check sees; each request gets its own (``get_list_display``)."""
        return _("Anonymous") if feedback.is_anonymous else feedback.user

    def get_list_display(self, request):
        # Not sortable: sorted by name, the anonymous answers would take their authors' places.
        @admin.display(description=_("author"))
        def author(feedback):
            if feedback.is_anonymous and not request.user.is_superuser:
                return _("Anonymous")
            return feedback.user

        return [author if name == "author" else name for name in self.list_display]

    def get_search_fields(self, request):
        fields = ["session__title", "learned", "will_apply"]
        return [*fields, "user__display_name", "user__email"] if request.user.is_superuser else fields

    def lookup_allowed(self, lookup, value, request=None):
        # ?user=5&is_anonymous=1 would tell whether person 5 answered anonymously.
        if lookup.split("__")[0] in self.AUTHOR_LOOKUPS and not (request and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_anonymous and not request.user.is_superuser:
            return [name for name in self.fields if name != "user"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export selected as CSV (without the authors of anonymous answers)"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = [[
            "community", "session", "session date", "usefulness", "learned", "will apply", "objectives", "themes",
            "anonymous", "name", "email", "given", "changed",
        ]]
        answers = queryset.select_related("session__community", "user").prefetch_related("objectives", "themes")
        for answer in answers.order_by("session__starts_at", "session__pk", "pk"):
            # Never the author of an anonymous answer, whoever exports: a file travels further than a page.
            name, email = ("", "") if answer.is_anonymous else (answer.user.display_name, answer.user.email)
            rows.append([
                answer.session.community.name, answer.session.title, answer.session.starts_at.date().isoformat(),
                answer.usefulness, answer.learned, answer.will_apply,
                "; ".join(objective.text for objective in answer.objectives.all()),
                "; ".join(theme.name for theme in answer.themes.all()),
                answer.is_anonymous, name, email, answer.created_at.isoformat(), answer.updated_at.isoformat(),
            ])
        return csv_response("session-feedback.csv", rows)
