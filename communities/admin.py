"""Admin for people and outgoing mail."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutgoingEmail, User
from .emails import email_requeue


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "organisation", "country", "language", "is_staff", "is_active"]
    list_filter = ["country", "language", "is_staff", "is_active", "groups"]
    search_fields = ["display_name", "email", "organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {"fields": ["display_name", "organisation", "country", "timezone", "language", "bio", "expertise"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]


class StuckFilter(admin.SimpleListFilter):
    title = _("stuck")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("yes", _("Claimed over 10 minutes ago and never sent"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.stuck()
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "template", "status", "is_stuck", "attempts", "created_at", "sent_at"]
    list_filter = [StuckFilter, "status", "template", "language"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    actions = ["requeue"]

    @admin.display(boolean=True, description=_("stuck"))
    def is_stuck(self, email):
        return email.is_stuck

    @admin.action(description=_("Send again (after checking it was not delivered)"))
    def requeue(self, request, queryset):
        """A stuck or failed email may have reached its recipient; an admin decides."""
        count = email_requeue(emails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False
