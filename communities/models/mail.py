"""Outgoing mail: one row per email, claimed before it is sent."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

STUCK_AFTER = timedelta(minutes=10)


class OutgoingEmailQuerySet(models.QuerySet):
    def stuck(self, *, moment=None):
        """Claimed for sending long ago and never finished: a worker died mid-send."""
        moment = moment or now()
        return self.filter(status=OutgoingEmail.Status.SENDING, claimed_at__lt=moment - STUCK_AFTER)


class OutgoingEmail(models.Model):
    """One email to one recipient, rendered once and sent at most once.

    A sender first claims the row (queued → sending, a conditional update that only one
    sender can win), then sends, then marks it sent. A row left in "sending" is flagged
    in the admin rather than sent again blindly.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
    )
    template = models.CharField(_("template"), max_length=200)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Small text attachments (an .ics invitation): [{"filename", "mimetype", "content"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outgoingemail_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claimed_at__isnull=False),
                name="outgoingemail_sending_has_claimed_at",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    @property
    def is_stuck(self):
        return (
            self.status == self.Status.SENDING
            and self.claimed_at is not None
            and self.claimed_at < now() - STUCK_AFTER
        )
