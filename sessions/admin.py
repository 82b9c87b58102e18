"""Admin for programmes, sessions, RSVPs and calendar feeds.

Answers are the members' own: staff read them here but don't write them. Feed tokens are
credentials and are never shown; staff can only stop a feed.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .calendar import calendar_feed_revoke
from .models import CalendarFeed, Programme, Recurrence, Reminder, Rsvp, Session
from .reminders import stuck_reminders


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communities"]


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


ADMIN_SERVICE_FIELDS = services.CALENDAR_FIELDS | {"capacity", "technique", "programme"}


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
