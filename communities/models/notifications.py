"""In-app notifications, and each person's choice of what also comes by email."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from .. import registry


class NotificationKind(models.TextChoices):
    """What happened, for the kinds the ground floor sends.

    Upper floors declare their own kinds in their ``notifications.py`` through
    ``communities.registry.notification_kind``; ``Notification.kind`` accepts any declared kind.
    """

    INVITATION_RECEIVED = "invitation_received", _("An invitation to a community")
    REQUEST_DECIDED = "request_decided", _("A decision on my request to join")
    ROLE_CHANGED = "role_changed", _("A change of my role in a community")
    MEMBERSHIP_REQUESTED = "membership_requested", _("A request to join a community I facilitate")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("An invitation withdrawn when a community closes")
    OBJECTIVE_PROPOSED = "objective_proposed", _("A learning objective proposed in a community I facilitate")
    OBJECTIVE_DECIDED = "objective_decided", _("A decision on a learning objective I proposed")
    START_REQUESTED = "start_requested", _("A request to run a community (platform admins)")
    START_REQUEST_GRANTED = "start_request_granted", _("My request to run a community was granted")
    START_REQUEST_DECLINED = "start_request_declined", _("My request to run a community was declined")
    EXPERIENCE_REQUESTED = "experience_requested", _("A request for a learning experience (platform admins)")


def validate_notification_kind(value):
    """Only kinds some app declared (``registry.notification_kind``): the database keeps no list of them."""
    if value not in registry.notification_kinds:
        raise ValidationError(
            models.Field.default_error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def notification_kind_label(value):
    """The declared label of a kind, or the value itself for a kind no app declares any more."""
    spec = registry.notification_kinds.get(value)
    return spec.label if spec else value


class DigestFrequency(models.TextChoices):
    """How often a person gets the summary of what is new (per person, per community)."""

    AUTO = "auto", _("Daily during a community’s first month, then weekly")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly, on Monday")
    OFF = "off", _("Never")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(
        _("kind"), max_length=registry.NOTIFICATION_KIND_MAX_LENGTH, validators=[validate_notification_kind]
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # The words of the notification are rendered when shown, in the reader's language;
    # ``data`` keeps what they need (names at the time, a short quote).
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx", condition=Q(read_at__isnull=True))
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    def get_kind_display(self):
        return notification_kind_label(self.kind)

    @property
    def is_unread(self):
        return self.read_at is None


class NotificationPreference(models.Model):
    """Email on or off for one kind of notification, everywhere or in one community.

    A row with no community is the person's default; a row for a community overrides it.
    Without any row, email is on.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=registry.NOTIFICATION_KIND_MAX_LENGTH, validators=[validate_notification_kind]
    )
    email = models.BooleanField(_("send an email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community", "kind"], name="preference_one_per_kind_and_community"
            ),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(community__isnull=True), name="preference_one_default_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.community or '*'}: {self.email}"


class DigestQuerySet(models.QuerySet):
    def stuck(self, *, moment=None):
        """Claimed long ago and never finished: a worker died mid-run. Flagged, never re-sent."""
        moment = moment or now()
        return self.filter(status=Digest.Status.SENDING, claimed_at__lt=moment - DIGEST_STUCK_AFTER)


DIGEST_STUCK_AFTER = timedelta(minutes=10)


class Digest(models.Model):
    """The claim on one person's digest for one period (their local date).

    Created before anything is sent, under a unique (person, period) key: whatever runs
    twice (a retried task, two beats, two workers) only one run wins the claim.
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", _("digest")
        LAST_NOTICE = "last_notice", _("last notice before stopping")

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("nothing new")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="digests")
    period = models.DateField(_("day"), help_text=_("The person’s local date the digest belongs to."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DIGEST)
    weekly = models.BooleanField(_("includes weekly communities"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    run = models.CharField(_("run"), max_length=32, help_text=_("The dispatcher run that claimed it."))
    item_count = models.PositiveSmallIntegerField(_("items"), default=0)
    email = models.ForeignKey(
        "communities.OutgoingEmail", verbose_name=_("email"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed"), default=now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = DigestQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_one_per_person_and_day"),
        ]
        indexes = [models.Index(fields=["user", "status", "claimed_at"], name="digest_last_sent_idx")]

    def __str__(self):
        return f"{self.user} · {self.period} ({self.get_status_display()})"

    @property
    def is_stuck(self):
        return self.status == self.Status.SENDING and self.claimed_at < now() - DIGEST_STUCK_AFTER
