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
    ``[{"filename", "mimetype", "content"}]``, so each can be made in their own zone.
    """
    from .tasks import send_email

    rows = []
    with transaction.atomic():
        for person in recipients:
            recipient = Recipient.of(person)
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
                headers=headers or {},
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
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers=email.headers,
        connection=connection or get_connection(),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        permanent = _is_permanent(error)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED if permanent else OutgoingEmail.Status.QUEUED,
            last_error=repr(error)[:2000],
        )
        logger.warning("Sending email %s failed (%s): %r", email_id, "permanent" if permanent else "will retry", error)
        if permanent:
            return False
        raise TransientMailError(str(error)) from error
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True



def email_requeue(*, emails):
    """Queue again emails an admin judged undelivered (stuck or failed); never sent ones."""
    with transaction.atomic():
        ids = list(emails.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=ids).update(status=OutgoingEmail.Status.QUEUED, claimed_at=None)
        from .tasks import send_email

        for pk in ids:
            send_email.delay_on_commit(pk)
    return len(ids)
