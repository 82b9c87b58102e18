"""The one way the platform sends mail.

``email_send`` renders each email from three templates (``emails/<name>_subject.txt``,
``_body.txt`` and the optional ``_body.html``) under the recipient's language and time
zone, stores it as an ``OutgoingEmail`` row and queues its delivery once the
transaction commits. ``email_deliver`` claims the row before sending, so a retried or
doubled task never sends twice.
"""

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail, User

logger = logging.getLogger(__name__)


# allauth's mail (confirming an address, resetting a password) still reaches a bounced address.
ACCOUNT_TEMPLATES = "account/"


class TransientMailError(Exception):
    """The mail server could not take the message now; trying later may work."""


@dataclass(frozen=True)
class Recipient:
    email: str
    user: User | None
    language: str
    timezone: str

    @classmethod
    def of(cls, person):
        """A ``User`` or a bare address (someone invited who has no account yet)."""
        if isinstance(person, User):
            return cls(person.email, person, person.language, person.timezone)
        return cls(person, None, translation.get_language() or settings.LANGUAGE_CODE, settings.TIME_ZONE)


def render_plain_text(template_name, context):
    """Render without HTML escaping: an apostrophe in a name stays an apostrophe."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render_email(*, template, context, language, time_zone):
    """Subject, plain text and HTML of ``template`` in this language and zone."""
    with translation.override(language), timezone.override(time_zone):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_plain_text(f"emails/{template}_subject.txt", context)
        body_text = render_plain_text(f"emails/{template}_body.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    # A subject is one line: templates may end with a newline or wrap.
    return " ".join(subject.split()), body_text, body_html


def email_send(*, recipients, template, context=None, headers=None, attachments=None):
    """Render ``template`` for each recipient and queue it; returns the rows.

    ``attachments`` is a callable taking the recipient (``Recipient``) and returning
    ``[{"filename", "mimetype", "content"}]``, so each can be made in their own zone;
    ``headers`` is a dict, or a callable taking the recipient (a personal unsubscribe link).
    People whose address bounced get nothing but the mail that lets them confirm it again.
    """
    from .tasks import send_email

    rows = []
    with transaction.atomic():
        for person in recipients:
            recipient = Recipient.of(person)
            if recipient.user and recipient.user.email_bounced_at and not template.startswith(ACCOUNT_TEMPLATES):
                continue
            subject, body_text, body_html = render_email(
                template=template,
                context={"recipient": recipient.user, **(context or {})},
                language=recipient.language,
                time_zone=recipient.timezone,
            )
            row = OutgoingEmail.objects.create(
                recipient=recipient.email,
                user=recipient.user,
                template=template,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                headers=(headers(recipient) if callable(headers) else headers) or {},
                attachments=attachments(recipient) if attachments else [],
                language=recipient.language,
            )
            send_email.delay_on_commit(row.pk)
            rows.append(row)
    return rows


def _is_permanent(error):
    """5xx answers mean the server will never take this message: don't retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def email_deliver(*, email_id, connection=None):
    """Send one queued email if this caller wins its claim. Returns True if it sent.

    Raises ``TransientMailError`` when the server refused for now; the row is queued
    again so a retry (or the periodic sweep) can send it.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    result = deliver_batch([email], connection=connection)
    if result.retry:
        raise TransientMailError(result.errors[email_id])
    return bool(result.sent)


@dataclass
class BatchResult:
    sent: list
    failed: list  # refused for good (the address is marked as bouncing)
    retry: list  # refused for now: queued again for the periodic sweep
    errors: dict  # {email id: what the server said}


def _message(email, connection):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers=email.headers,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def deliver_batch(emails, *, connection=None):
    """Send rows already claimed ("sending") over one connection; a refusal stops only its email.

    The outcome is written with a few queries for the whole batch: sent, failed for good
    (and the address marked as bouncing), or queued again to be retried later by the
    sweep, which claims each row again so nothing already sent goes twice.
    """
    connection = connection or get_connection()
    result = BatchResult(sent=[], failed=[], retry=[], errors={})
    errors = result.errors
    try:
        connection.open()
        for email in emails:
            try:
                _message(email, connection).send()
            except (smtplib.SMTPException, OSError) as error:
                errors[email.pk] = repr(error)[:2000]
                (result.failed if _is_permanent(error) else result.retry).append(email.pk)
                # A refusal (an SMTP answer) leaves the connection usable; a lost one is opened again.
                if not isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                    connection.close()
                    connection.open()
            else:
                result.sent.append(email.pk)
    except (smtplib.SMTPException, OSError) as error:
        # The server could not be reached at all: everything not sent waits for a retry.
        done = {*result.sent, *result.failed, *result.retry}
        for email in emails:
            if email.pk not in done:
                result.retry.append(email.pk)
                errors[email.pk] = repr(error)[:2000]
    finally:
        connection.close()
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk__in=result.sent).update(
            status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        for status, ids in ((OutgoingEmail.Status.FAILED, result.failed), (OutgoingEmail.Status.QUEUED, result.retry)):
            if ids:
                OutgoingEmail.objects.filter(pk__in=ids).update(status=status, last_error="; ".join({errors[pk] for pk in ids})[:2000])
        if result.failed:
            failed = [email for email in emails if email.pk in set(result.failed)]
            mark_bounced(user_ids=[email.user_id for email in failed], addresses=[email.recipient for email in failed])
    if result.failed or result.retry:
        logger.warning("Batch of %s emails: %s refused for good, %s to retry", len(emails), len(result.failed), len(result.retry))
    return result


def mark_bounced(*, user_ids, addresses, moment=None):
    """Stop mail to these people's addresses until they confirm them again."""
    from allauth.account.models import EmailAddress

    moment = moment or timezone.now()
    user_ids = [pk for pk in user_ids if pk]
    addresses = [address.lower() for address in addresses]
    count = User.objects.filter(pk__in=user_ids, email__in=addresses, email_bounced_at__isnull=True).update(
        email_bounced_at=moment
    )
    EmailAddress.objects.filter(user_id__in=user_ids, email__in=addresses).update(verified=False)
    return count


def email_requeue(*, emails):
    """Queue again emails an admin judged undelivered (stuck or failed); never sent ones."""
    with transaction.atomic():
        ids = list(emails.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=ids).update(status=OutgoingEmail.Status.QUEUED, claimed_at=None)
        from .tasks import send_email

        for pk in ids:
            send_email.delay_on_commit(pk)
    return len(ids)
