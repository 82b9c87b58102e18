"""Admin for people and outgoing mail."""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH, Count, Q
from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from . import registry, services
from .emails import email_requeue, mark_bounced
from .models import (
    Attachment,
    Community,
    CommunityStartRequest,
    Digest,
    Interest,
    Invitation,
    LearningExperienceRequest,
    LearningObjective,
    Membership,
    MembershipChange,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    PlatformSettings,
    User,
)
from .models.notifications import notification_kind_label
from .spreadsheets import csv_writer


class BouncedFilter(admin.SimpleListFilter):
    title = _("address bounced")
    parameter_name = "bounced"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes: no mail until confirmed again")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(email_bounced_at__isnull=self.value() == "no")
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "organisation", "country", "language", "is_staff", "is_active"]
    list_filter = ["country", "language", "is_staff", "is_active", BouncedFilter, "groups"]
    search_fields = ["display_name", "email", "organisation"]
    actions = ["mark_bounced"]
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
        (_("Email"), {"fields": ["digest_frequency", "email_bounced_at"]}),
        (_("Important dates"), {"fields": ["last_login", "last_seen_at", "date_joined"]}),
    ]
    readonly_fields = ["email_bounced_at", "last_seen_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]

    @admin.action(description=_("Mark their addresses as bouncing (no mail until confirmed again)"), permissions=["change"])
    def mark_bounced(self, request, queryset):
        people = list(queryset.values_list("pk", "email"))
        count = mark_bounced(user_ids=[pk for pk, _email in people], addresses=[email for _pk, email in people])
        self.message_user(
            request,
            ngettext("%(count)d address marked as bouncing.", "%(count)d addresses marked as bouncing.", count)
            % {"count": count},
            messages.SUCCESS,
        )


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

    @admin.action(description=_("Send again (after checking it was not delivered)"), permissions=["change"])
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


# --- Communities and membership ---------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "status", "joined_at"]
    readonly_fields = ["user", "role", "status", "joined_at"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "visibility", "join_policy", "member_count", "created_at"]
    list_filter = ["status", "visibility", "join_policy"]
    search_fields = ["name", "tagline", "host_organisations"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_count()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, community):
        return community.member_count


class MembershipChangeInline(admin.TabularInline):
    model = MembershipChange
    fields = ["changed_at", "field", "old_value", "new_value", "changed_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _apply(modeladmin, request, queryset, action, success):
    done = 0
    for membership in queryset.select_related("user", "community"):
        try:
            action(membership)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{membership}: {' '.join(error.messages)}", messages.WARNING)
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "status", "country", "joined_at", "updated_at"]
    list_filter = ["community", "role", "status", "user__country"]
    search_fields = ["user__display_name", "user__email", "user__organisation", "community__name"]
    list_select_related = ["user", "community"]
    readonly_fields = [
        "user", "community", "role", "status", "request_message", "decision_message", "removal_reason",
        "decided_by", "requested_at", "decided_at", "joined_at", "ended_at", "updated_at",
    ]
    inlines = [MembershipChangeInline]
    actions = ["approve", "make_facilitator", "remove", "export_csv"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("country"), ordering="user__country")
    def country(self, membership):
        return membership.user.country.name

    @admin.action(description=_("Approve selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        _apply(self, request, queryset.filter(status=Membership.Status.REQUESTED),
               lambda m: services.membership_approve(membership=m, by=request.user), _("%(count)d approved."))

    @admin.action(description=_("Make selected members facilitators"), permissions=["change"])
    def make_facilitator(self, request, queryset):
        _apply(self, request, queryset, lambda m: services.membership_set_role(
            membership=m, role=Membership.Role.FACILITATOR, by=request.user), _("%(count)d made facilitator."))

    @admin.action(description=_("Remove selected members (reason: removed by an administrator)"), permissions=["change"])
    def remove(self, request, queryset):
        _apply(self, request, queryset, lambda m: services.membership_remove(
            membership=m, by=request.user, reason=str(_("Removed by an administrator."))), _("%(count)d removed."))

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="memberships.csv"'
        writer = csv_writer(response)
        writer.writerow(["community", "name", "email", "organisation", "country", "role", "status", "joined"])
        for membership in queryset.select_related("user", "community"):
            user = membership.user
            writer.writerow([
                membership.community.name, user.display_name, user.email, user.organisation, user.country.code,
                membership.role, membership.status, membership.joined_at.date().isoformat() if membership.joined_at else "",
            ])
        return response


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "membership", "field", "old_value", "new_value", "changed_by"]
    list_filter = ["field", "membership__community"]
    search_fields = ["membership__user__display_name", "membership__user__email"]
    list_select_related = ["membership__user", "membership__community", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["status", "community"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community", "invited_by"]
    readonly_fields = ["community", "email", "user", "invited_by", "created_at", "responded_at"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "created_at", "confirmed_at", "notified_at", "unsubscribed_at"]
    list_filter = ["community"]
    search_fields = ["email"]
    list_select_related = ["community"]


class StartRequestAdminForm(forms.ModelForm):
    """Answer a request in one step: grant, or decline with a reason (through the services)."""

    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("", _("Not yet")), ("grant", _("Grant: they may start communities")), ("decline", _("Decline"))],
        required=False,
    )
    answer = forms.CharField(
        label=_("Message to the person"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to decline; they will read it."),
    )

    class Meta:
        model = CommunityStartRequest
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and not self.instance.is_pending:
            raise ValidationError(_("This request has already been answered."))
        if cleaned.get("decision") == "decline" and not cleaned.get("answer", "").strip():
            self.add_error("answer", _("Say why the request is declined: the person will read it."))
        return cleaned


@admin.register(CommunityStartRequest)
class CommunityStartRequestAdmin(admin.ModelAdmin):
    form = StartRequestAdminForm
    list_display = ["community_name", "requester", "created_at", "status", "decided_by"]
    list_filter = ["status"]
    search_fields = ["community_name", "requester__email", "requester__display_name"]
    list_select_related = ["requester", "decided_by"]
    readonly_fields = ["requester", "community_name", "message", "created_at", "status", "decided_by", "decided_at", "reason"]
    fields = [*readonly_fields, "decision", "answer"]

    def has_add_permission(self, request):
        return False  # people ask from the site

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision:
            services.start_request_decide(
                start_request=obj, by=request.user, grant=decision == "grant", reason=form.cleaned_data["answer"]
            )


@admin.register(LearningExperienceRequest)
class LearningExperienceRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "experience_name", "contact_name", "email", "team_size", "created_at", "is_handled"]
    list_filter = ["is_handled"]
    list_editable = ["is_handled"]
    search_fields = ["organisation", "contact_name", "email", "experience_name"]


@admin.register(LearningObjective)
class LearningObjectiveAdmin(admin.ModelAdmin):
    list_display = ["text", "community", "status", "proposed_by"]
    list_filter = ["status", "community"]
    list_select_related = ["community", "proposed_by"]


@admin.register(PlatformSettings)
class PlatformSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not PlatformSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class NotificationKindListFilter(admin.ChoicesFieldListFilter):
    """The kinds the apps declared, by label, under the same ``kind__exact`` parameter as a choices field."""

    def _kinds(self):
        return registry.notification_kind_choices()

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {
            f"{i}__c": Count(pk_attname, filter=Q((self.lookup_kwarg, value)))
            for i, (value, _label) in enumerate(self._kinds())
        }

    def choices(self, changelist):
        facet_counts = self.get_facet_queryset(changelist) if changelist.add_facets else None
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]),
            "display": _("All"),
        }
        for i, (value, label) in enumerate(self._kinds()):
            yield {
                "selected": self.lookup_val is not None and value in self.lookup_val,
                "query_string": changelist.get_query_string({self.lookup_kwarg: value}, [self.lookup_kwarg_isnull]),
                "display": f"{label} ({facet_counts[f'{i}__c']})" if facet_counts else label,
            }


class NotificationKindAdminMixin:
    """``kind`` keeps no choices in the database: the admin offers the declared kinds, by label."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            return forms.TypedChoiceField(
                choices=lambda: BLANK_CHOICE_DASH + registry.notification_kind_choices(),
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
                required=not db_field.blank,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return notification_kind_label(obj.kind)


@admin.register(Notification)
class NotificationAdmin(NotificationKindAdminMixin, admin.ModelAdmin):
    list_display = ["kind_label", "recipient", "community", "created_at", "read_at"]
    list_filter = [("kind", NotificationKindListFilter)]
    search_fields = ["recipient__email", "recipient__display_name"]
    list_select_related = ["recipient", "community"]
    raw_id_fields = ["recipient", "actor"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(NotificationKindAdminMixin, admin.ModelAdmin):
    list_display = ["user", "community", "kind_label", "email"]
    list_filter = [("kind", NotificationKindListFilter), "email"]
    list_select_related = ["user", "community"]
    raw_id_fields = ["user"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "community", "content_type", "size", "uploaded_by", "created_at"]
    list_filter = ["content_type", "community"]
    search_fields = ["original_name"]
    list_select_related = ["community", "uploaded_by"]
    readonly_fields = ["uuid", "file", "content_type", "size", "target_type", "target_id"]


class StuckDigestFilter(admin.SimpleListFilter):
    title = _("stuck")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("yes", _("Claimed over 10 minutes ago and never handed to the mail service"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.stuck()
        return queryset


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Read-only: a stuck claim is for a person to look into (was the mail sent?), not to replay."""

    list_display = ["user", "period", "kind", "status", "is_stuck", "item_count", "claimed_at", "sent_at"]
    list_filter = [StuckDigestFilter, "status", "kind", "weekly"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]
    date_hierarchy = "period"
    readonly_fields = ["user", "period", "kind", "weekly", "status", "run", "item_count", "email", "claimed_at", "sent_at"]

    @admin.display(boolean=True, description=_("stuck"))
    def is_stuck(self, digest):
        return digest.is_stuck

    def has_add_permission(self, request):
        return False


# --- Other apps' admins: every action declares the model permission it needs ------------------
# (Django runs an undeclared action for anyone who may see the list.)


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    @admin.action(description=_("Mark selected email addresses as verified"), permissions=["change"])
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    @admin.action(description=_("Merge selected tags"), permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)
