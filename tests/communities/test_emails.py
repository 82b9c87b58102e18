"""The outgoing-mail service: rendered per recipient, claimed, sent at most once."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from communities import tasks
from communities.emails import TransientMailError, email_deliver, email_send
from communities.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queue(recipients, template="account/password_reset_key", **context):
    context.setdefault("password_reset_url", "https://cop.example/reset/abc/")
    return email_send(recipients=recipients, template=template, context=context)


def test_each_recipient_gets_the_email_in_their_own_language():
    french = UserFactory(language="fr")
    arabic = UserFactory(language="ar")
    english = UserFactory(language="en")
    rows = {row.user: row for row in queue([french, arabic, english])}
    assert rows[french].subject == "Réinitialisez votre mot de passe"
    assert rows[arabic].subject == "أعد تعيين كلمة المرور"
    assert rows[english].subject == "Reset your password"
    assert 'dir="rtl"' in rows[arabic].body_html
    assert all(row.status == OutgoingEmail.Status.QUEUED for row in rows.values())


def test_an_address_without_account_gets_the_current_language():
    from django.utils import translation

    with translation.override("fr"):
        (row,) = queue(["invitee@example.org"])
    assert row.user is None and row.language == "fr"
    assert row.subject == "Réinitialisez votre mot de passe"


def test_delivery_is_queued_only_when_the_transaction_commits(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue([UserFactory()])
    assert len(callbacks) == 1 and mailoutbox == []
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_running_the_task_twice_sends_once(mailoutbox):
    (row,) = queue([UserFactory()])
    assert tasks.send_email(row.pk) is True
    assert tasks.send_email(row.pk) is False
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.attempts == 1 and row.sent_at


def test_email_left_sending_is_flagged_and_never_resent(mailoutbox):
    (row,) = queue([UserFactory()])
    # A worker claimed it and died before marking it sent.
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now() - timedelta(minutes=11)
    )
    assert email_deliver(email_id=row.pk) is False
    assert list(OutgoingEmail.objects.stuck()) == [row]
    assert tasks.send_stalled_emails(now=timezone.now() + timedelta(hours=1)) == 0
    assert mailoutbox == []


def test_sweep_sends_queued_email_whose_task_was_lost(mailoutbox):
    (row,) = queue([UserFactory()])
    assert tasks.send_stalled_emails(now=timezone.now()) == 0, "too recent: its task may still come"
    assert tasks.send_stalled_emails(now=timezone.now() + timedelta(minutes=6)) == 1
    assert len(mailoutbox) == 1
    assert tasks.send_stalled_emails(now=timezone.now() + timedelta(minutes=6)) == 0


class FailingBackend(BaseEmailBackend):
    error = None

    def send_messages(self, messages):
        raise self.error


def test_temporary_smtp_failure_keeps_the_email_queued(settings):
    settings.EMAIL_BACKEND = "tests.communities.test_emails.FailingBackend"
    FailingBackend.error = smtplib.SMTPServerDisconnected("connection lost")
    (row,) = queue([UserFactory()])
    with pytest.raises(TransientMailError):
        email_deliver(email_id=row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.QUEUED and "connection lost" in row.last_error


def test_permanent_smtp_refusal_marks_the_email_failed(settings):
    settings.EMAIL_BACKEND = "tests.communities.test_emails.FailingBackend"
    FailingBackend.error = smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})
    (row,) = queue([UserFactory()])
    assert email_deliver(email_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.FAILED


def test_delivered_to_a_real_smtp_server_exactly_once_when_the_task_runs_twice(smtp_server):
    (row,) = queue([UserFactory(email="omar@example.org", language="ar")])
    tasks.send_email.apply(args=[row.pk])
    tasks.send_email.apply(args=[row.pk])
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["omar@example.org"]
    assert b"multipart/alternative" in envelope.content
