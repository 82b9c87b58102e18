"""Recurring sessions: a rule makes a series; each occurrence is its own ``Session``.

Occurrences keep their local time across DST changes (the rule runs on wall-clock times
in the series' zone, each converted to UTC on its own). Edits and cancellations apply to
one occurrence (the ordinary services) or to it and all that follow (here).
"""

from datetime import datetime, time
from itertools import islice

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.notifications import notify

from ..calendar import ATTACHMENT_MIMETYPE, calendar_for
from ..models import Recurrence, Session
from ..notifications import SessionNotificationKind
from ..times import naive_local, to_utc
from .sessions import CALENDAR_FIELDS, _members, _validate


def occurrence_starts(*, first, frequency, until=None, count=None):
    """Wall-clock starts of a series, ``first`` included, at most 52."""
    if until is None and count is None:
        raise ValidationError(_("Say until when the sessions repeat, or how many there are."))
    if count is not None and not 1 <= count <= Recurrence.MAX_OCCURRENCES:
        raise ValidationError(_("A series has at most 52 sessions."))
    if until is not None and until < first.date():
        raise ValidationError(_("The series must end after its first session."))
    options = {"dtstart": first}
    if frequency == Recurrence.Frequency.MONTHLY:
        nth = (first.day - 1) // 7 + 1
        # The fifth Tuesday doesn't exist in most months: "the last Tuesday" then.
        options.update(freq=MONTHLY, byweekday=weekday(first.weekday(), -1 if nth == 5 else nth))
    else:
        options.update(freq=WEEKLY, interval=2 if frequency == Recurrence.Frequency.BIWEEKLY else 1)
    if until is not None:
        options["until"] = datetime.combine(until, time.max)
    else:
        options["count"] = count
    # One more than allowed is enough to know the rule asks for too many.
    starts = list(islice(rrule(**options), Recurrence.MAX_OCCURRENCES + 1))
    if len(starts) > Recurrence.MAX_OCCURRENCES:
        raise ValidationError(
            _("This would make more than 52 sessions. Choose an earlier end date or fewer sessions.")
        )
    return starts


def series_ics(sessions):
    content = calendar_for(sessions, name=sessions[0].title).to_ical().decode() if sessions else ""
    return [{"filename": "sessions.ics", "mimetype": ATTACHMENT_MIMETYPE, "content": content}]


def _tell_members_once(sessions, by, kind, template):
    upcoming = [s for s in sessions if s.starts_at > timezone.now()]
    if not upcoming:
        return
    first = upcoming[0]
    notify(
        recipients=_members(first.community),
        kind=kind,
        community=first.community,
        actor=by,
        target=first,
        url=first.get_absolute_url(),
        data={"session": first.title},
        email_template=template,
        email_context={"session": first, "sessions": upcoming},
        email_attachments=lambda recipient: series_ics(upcoming),
    )


def series_schedule(*, community, by, frequency, until=None, count=None, facilitators=(), **fields):
    """Schedule every occurrence of a series at once; members hear about it once."""
    if community.is_closed:
        raise ValidationError(_("This community is closed: no new sessions."))
    zone = fields["timezone"]
    first_start, first_end = naive_local(fields["starts_at"], zone), naive_local(fields["ends_at"], zone)
    duration = first_end - first_start
    starts = occurrence_starts(first=first_start, frequency=frequency, until=until, count=count)
    with transaction.atomic():
        recurrence = Recurrence.objects.create(
            community=community, frequency=frequency, until=until, count=count if until is None else None,
            timezone=zone, created_by=by,
        )
        sessions = []
        for local_start in starts:
            session = Session(
                community=community, created_by=by, recurrence=recurrence, announced_at=timezone.now(),
                **{**fields, "starts_at": to_utc(local_start, zone), "ends_at": to_utc(local_start + duration, zone)},
            )
            _validate(session)
            session.save()
            session.facilitators.set(facilitators or [by])
            sessions.append(session)
        _tell_members_once(sessions, by, SessionNotificationKind.SCHEDULED, "meetings/series_scheduled")
    return sessions


def following(session):
    """This occurrence and the later ones of its series, still to come or not."""
    return list(
        Session.objects.filter(recurrence=session.recurrence, starts_at__gte=session.starts_at)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("community")
        .order_by("starts_at")
    )


def series_update_following(*, session, by, **fields):
    """Apply changes to this occurrence and all following ones.

    A new time moves each occurrence by the same wall-clock shift in the series' zone,
    so a 14:00 series stays at 14:00 on both sides of a DST change.
    """
    zone = fields.get("timezone", session.timezone)
    old_start = naive_local(session.starts_at, session.timezone)
    new_start = naive_local(fields.get("starts_at", session.starts_at), zone)
    new_end = naive_local(fields.get("ends_at", session.ends_at), zone)
    shift, new_duration = new_start - old_start, new_end - new_start
    others = {name: value for name, value in fields.items() if name not in ("starts_at", "ends_at", "timezone")}
    now = timezone.now()
    with transaction.atomic():
        sessions = following(session)
        for occurrence in sessions:
            local = naive_local(occurrence.starts_at, occurrence.timezone) + shift
            starts_at = to_utc(local, zone)
            if starts_at <= now and (shift or zone != occurrence.timezone):
                raise ValidationError(
                    _("This change would move the session of %(date)s into the past.") % {"date": local.strftime("%Y-%m-%d")}
                )
            changes = {**others, "starts_at": starts_at, "ends_at": to_utc(local + new_duration, zone), "timezone": zone}
            changed = {name for name, value in changes.items() if getattr(occurrence, name) != value}
            for name in changed:
                setattr(occurrence, name, changes[name])
            if changed & CALENDAR_FIELDS:
                occurrence.sequence += 1
                occurrence.announced_at = now
            _validate(occurrence)
            occurrence.save()
        _tell_members_once(sessions, by, SessionNotificationKind.CHANGED, "meetings/series_changed")
    return sessions


def series_cancel_following(*, session, by):
    with transaction.atomic():
        sessions = following(session)
        for occurrence in sessions:
            occurrence.status = Session.Status.CANCELLED
            occurrence.sequence += 1
            occurrence.save(update_fields=["status", "sequence", "updated_at"])
        _tell_members_once(sessions, by, SessionNotificationKind.CANCELLED, "meetings/series_cancelled")
    return sessions


