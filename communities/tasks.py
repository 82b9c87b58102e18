"""Celery entry points of the ground floor. Each takes ids and calls a service."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .digests import digests_send_due, prune
from .emails import TransientMailError, email_deliver
from .models import OutgoingEmail

# A queued email older than this has lost its task (a broker restart, a crash between
# commit and enqueue): the sweep queues it again. Claims make the extra try harmless.
STALLED_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500


@shared_task(bind=True, acks_late=True, max_retries=6)
def send_email(self, outgoing_email_id):
    try:
        return email_deliver(email_id=outgoing_email_id)
    except TransientMailError as error:
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries)


@shared_task
def send_stalled_emails(now=None):
    """Queue again the emails whose delivery task went missing."""
    now = now or timezone.now()
    ids = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, created_at__lt=now - STALLED_AFTER
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in ids:
        send_email.delay(pk)
    return len(ids)


@shared_task
def send_due_digests(now=None):
    """Beat calls this every quarter of an hour: one task per share of the people, run side by side.

    Tests and operators may pass an ISO ``now``.
    """
    now = now or timezone.now().isoformat()
    shares = max(1, settings.DIGEST_SHARES)
    for index in range(shares):
        send_digest_share.delay(now, index, shares)
    return shares


@shared_task
def send_digest_share(now, index, shares):
    stats = digests_send_due(now=parse_datetime(now), share=(index, shares) if shares > 1 else None)
    return {"examined": stats.examined, "sent": stats.sent, "skipped": stats.skipped, "failed": stats.failed}


@shared_task
def prune_old_notifications(now=None):
    """Daily: notifications older than 90 days, and old "nothing new" digest claims, go."""
    notifications, digests = prune(now=parse_datetime(now) if now else timezone.now())
    return {"notifications": notifications, "digests": digests}
