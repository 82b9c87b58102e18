"""Every write about sessions: scheduling, changes, cancellation and RSVPs.

Each validates, writes in a transaction, and tells the members (notifications core and
the mail service, preferences respected) once the transaction commits.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership
from communities.notifications import notify

from ..calendar import ics_attachment
from ..models import Rsvp, Session
from ..notifications import SessionNotificationKind

# Changing any of these moves the event in people's calendars: SEQUENCE grows.
__all__ = [
    "CALENDAR_FIELDS",
    "session_schedule",
    "session_update",
    "session_cancel",
    "rsvp_set",
    "rsvps_withdraw",
]

CALENDAR_FIELDS = {"title", "guiding_question", "agenda", "starts_at", "ends_at", "timezone", "video_link", "venue", "format", "status"}


def _members(community):
    return [m.user for m in community.memberships.active().select_related("user")]


def _tell_members(session, by, kind, template):
    """Notify the community's members about an upcoming session, with its .ics."""
    if session.starts_at <= timezone.now():
        return  # a record of a past meeting: no invitations go out
    notify(
        recipients=_members(session.community),
        kind=kind,
        community=session.community,
        actor=by,
        target=session,
        url=session.get_absolute_url(),
        data={"session": session.title},
        email_template=template,
        email_context={"session": session},
        email_attachments=lambda recipient: ics_attachment(session),
    )


def _validate(session):
    session.full_clean(exclude=["community", "created_by"])
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})


def session_schedule(*, community, by, facilitators=(), **fields):
    if community.is_closed:
        raise ValidationError(_("This community is closed: no new sessions."))
    with transaction.atomic():
        session = Session(community=community, created_by=by, announced_at=timezone.now(), **fields)
        _validate(session)
        session.save()
        session.facilitators.set(facilitators or [by])
        _tell_members(session, by, SessionNotificationKind.SCHEDULED, "meetings/session_scheduled")
    return session


def session_update(*, session, by, facilitators=None, **fields):
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("A cancelled session can’t be changed."))
        changed = {name for name, value in fields.items() if getattr(session, name) != value}
        for name, value in fields.items():
            setattr(session, name, value)
        if changed & CALENDAR_FIELDS:
            # Members are sent its time again now: only reminders still to fall due go out.
            session.sequence += 1
            session.announced_at = timezone.now()
        _validate(session)
        session.save()
        if facilitators is not None:
            session.facilitators.set(facilitators)
        if changed & CALENDAR_FIELDS:
            _tell_members(session, by, SessionNotificationKind.CHANGED, "meetings/session_changed")
        if "capacity" in changed:  # more places, or no limit any more
            _fill_free_places(session, by)
    return session


def session_cancel(*, session, by):
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is already cancelled."))
        session.status = Session.Status.CANCELLED
        session.sequence += 1
        session.save()
        _tell_members(session, by, SessionNotificationKind.CANCELLED, "meetings/session_cancelled")
    return session


# --- RSVPs ----------------------------------------------------------------------------------


def _going_count(session):
    return session.rsvps.filter(response=Rsvp.Response.GOING, is_waitlisted=False).count()


def rsvp_set(*, session, user, response):
    """Answer going / maybe / not going. "Going" beyond capacity waits on the list."""
    if response not in Rsvp.Response.values:
        raise ValidationError(_("Choose going, maybe or not going."))
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("community").get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session is cancelled."))
        if session.has_started:
            raise ValidationError(_("This session has already started: answers are closed."))
        if not Membership.objects.active().filter(user=user, community=session.community).exists():
            raise ValidationError(_("Only members of the community can answer."))
        rsvp = Rsvp.objects.filter(session=session, user=user).first() or Rsvp(session=session, user=user)
        was_holding_a_place = rsvp.pk and rsvp.response == Rsvp.Response.GOING and not rsvp.is_waitlisted
        rsvp.response = response
        if response == Rsvp.Response.GOING:
            if not was_holding_a_place:
                rsvp.is_waitlisted = session.capacity is not None and _going_count(session) >= session.capacity
        else:
            rsvp.is_waitlisted = False
        rsvp.save()
        if was_holding_a_place and response != Rsvp.Response.GOING:
            _fill_free_places(session, user)
    return rsvp


def rsvps_withdraw(*, membership, by):
    """Someone left or was removed: their answers to sessions still to come go, so they
    no longer hold a place, appear among who is coming or in attendee lists; people
    waiting take the freed places. Past sessions and attendance stay as they were."""
    upcoming = Session.objects.filter(community=membership.community, starts_at__gt=timezone.now())
    with transaction.atomic():
        # Sessions are locked first, as rsvp_set does, then their answers read in one query.
        sessions = {
            session.pk: session
            for session in upcoming.filter(rsvps__user=membership.user).select_for_update(of=("self",)).select_related("community")
        }
        rsvps = list(Rsvp.objects.filter(user=membership.user, session_id__in=sessions))
        Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in rsvps]).delete()
        for rsvp in rsvps:
            session = sessions[rsvp.session_id]
            if rsvp.response == Rsvp.Response.GOING and not rsvp.is_waitlisted and not session.is_cancelled:
                _fill_free_places(session, by)
    return len(rsvps)


def _fill_free_places(session, by):
    """Promote people from the waiting list, first come first served, and tell them."""
    free = (session.capacity - _going_count(session)) if session.capacity is not None else None
    waiting = session.rsvps.filter(is_waitlisted=True).select_related("user").order_by("created_at", "pk")
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    if not promoted:
        return []
    # The answer changes, and the e-mail below tells them the time (reminders count from it).
    Rsvp.objects.filter(pk__in=[r.pk for r in promoted]).update(is_waitlisted=False, updated_at=timezone.now())
    notify(
        recipients=[r.user for r in promoted],
        kind=SessionNotificationKind.PLACE_FREED,
        community=session.community,
        target=session,
        url=session.get_absolute_url(),
        data={"session": session.title},
        email_template="meetings/session_place_freed",
        email_context={"session": session},
        email_attachments=lambda recipient: ics_attachment(session),
    )
    return promoted
