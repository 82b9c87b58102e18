"""Reminders before sessions, and the day-after prompt to close them: one sweep.

``reminders_send_due(now=...)`` runs every minute from beat. Each reminder is first
*claimed* with a row whose unique key is (person, session, kind, offset, SEQUENCE): only
one sweep can create it, so a retried task, two beats or two workers never send it
twice. The claim is committed before sending; if a worker dies in between, the row
stays "sending" and is flagged in the admin after ten minutes, never re-sent blindly.
Rescheduling raises SEQUENCE, which re-arms reminders; cancelled sessions get none; a
reminder that fell due while workers were down goes out if the session has not
started, and only the latest one due (no "in 24 hours" at 20 minutes to start).

No reminder goes out that fell due before the person was last told the session's time:
the new-session or change e-mail (``Session.announced_at``), or their own answer or the
place freed for them (``Rsvp.updated_at``), was their reminder. So a session scheduled
50 minutes ahead gets no "1 hour before", and a rescheduled one re-arms only the
reminders still to come.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Membership
from communities.notifications import email_wanted, notify

from .calendar import ics_attachment
from .models import Reminder, Rsvp, Session
from .notifications import SessionNotificationKind

logger = logging.getLogger(__name__)

LOOKAHEAD = timedelta(days=14)  # the largest offset a community may set
CLOSE_PROMPT_AFTER = timedelta(days=1)
CLOSE_PROMPT_WINDOW = timedelta(days=7)


def _claim(*, session, user, kind, offset, status=Reminder.Status.SENDING, now):
    """True if this call created the claim (and so must act on it)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                session=session, user=user, kind=kind, offset_minutes=offset, sequence=session.sequence,
                status=status, claimed_at=now,
            )
        return True
    except IntegrityError:
        return False


def _recipients(session):
    """[(person, when they were last told the session's time)] of those who want reminders."""
    rsvps = session.rsvps.filter(is_waitlisted=False, response__in=[Rsvp.Response.GOING, Rsvp.Response.MAYBE])
    people = {
        rsvp.user_id: (rsvp.user, max(session.announced_at, rsvp.updated_at)) for rsvp in rsvps.select_related("user")
    }
    if session.community.remind_non_responders:
        answered = session.rsvps.values("user_id")
        for membership in session.community.memberships.active().exclude(user_id__in=answered).select_related("user"):
            people[membership.user_id] = (membership.user, session.announced_at)
    everyone = [person for person, _told_at in people.values()]
    wanted = email_wanted(everyone, SessionNotificationKind.REMINDER, session.community)
    return [(person, told_at) for pk, (person, told_at) in people.items() if pk in wanted]


def _send_reminder(session, person, offset, now):
    notify(
        recipients=[person],
        kind=SessionNotificationKind.REMINDER,
        community=session.community,
        target=session,
        url=session.get_absolute_url(),
        data={"session": session.title},
        email_template="meetings/session_reminder",
        email_context={"session": session, "offset_minutes": offset, "now": now},
        email_attachments=lambda recipient: ics_attachment(session),
    )


def _send_close_prompt(session, person):
    notify(
        recipients=[person],
        kind=SessionNotificationKind.TO_CLOSE,
        community=session.community,
        target=session,
        url=session.get_absolute_url(),
        data={"session": session.title},
        email_template="meetings/session_to_close",
        email_context={"session": session},
    )


def _deliver(claim_kwargs, send, *args):
    """Act on a claim just made, then mark it handed over. Leaves it "sending" on failure."""
    send(*args)
    Reminder.objects.filter(**claim_kwargs).update(status=Reminder.Status.SENT, sent_at=timezone.now())


def reminders_send_due(*, now=None):
    """Send every reminder due at ``now``. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    sessions = (
        Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + LOOKAHEAD)
        .exclude(community__status="closed")
        .select_related("community")
    )
    for session in sessions:
        falls_due = {o: session.starts_at - timedelta(minutes=o) for o in session.community.reminder_offset_minutes}
        if not any(moment <= now for moment in falls_due.values()):
            continue
        for person, told_at in _recipients(session):
            # Fell due before they were told the time: that e-mail (or their answer) did its work.
            due = [o for o, moment in falls_due.items() if told_at < moment <= now]
            if not due:
                continue
            latest, earlier = min(due), [o for o in due if o != min(due)]
            base = {"session": session, "user": person, "kind": Reminder.Kind.BEFORE}
            if not _claim(**base, offset=latest, now=now):
                continue
            for offset in earlier:  # fell due while nobody ran: too late to be useful
                _claim(**base, offset=offset, status=Reminder.Status.SKIPPED, now=now)
            _deliver(
                {**base, "offset_minutes": latest, "sequence": session.sequence},
                _send_reminder, session, person, latest, now,
            )
            sent += 1
    return sent + _prompt_to_close(now)


def _prompt_to_close(now):
    """The day after a session, its facilitators are asked once to close it."""
    sessions = (
        Session.objects.filter(
            status=Session.Status.SCHEDULED,
            ends_at__lte=now - CLOSE_PROMPT_AFTER,
            ends_at__gt=now - CLOSE_PROMPT_WINDOW,
            report__isnull=True,
        )
        .select_related("community")
        .prefetch_related("facilitators")
    )
    sent = 0
    for session in sessions:
        facilitators = list(session.facilitators.all()) or [
            m.user for m in session.community.memberships.facilitators().select_related("user")
        ]
        active = set(
            Membership.objects.active().filter(community=session.community).values_list("user_id", flat=True)
        )
        for person in facilitators:
            if person.pk not in active:
                continue
            base = {"session": session, "user": person, "kind": Reminder.Kind.CLOSE}
            if not _claim(**base, offset=0, now=now):
                continue
            _deliver(
                {**base, "offset_minutes": 0, "sequence": session.sequence},
                _send_close_prompt, session, person,
            )
            sent += 1
    return sent


def stuck_reminders(now=None):
    """Claims a worker never finished: for a person to check, never re-sent automatically."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        status=Reminder.Status.SENDING, claimed_at__lt=now - timedelta(minutes=Reminder.STUCK_AFTER_MINUTES)
    )
