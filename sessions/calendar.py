"""Sessions as iCalendar (RFC 5545): one session's .ics, a person's feed, email attachments.

Also the writes on calendar feeds (a person's secret, revocable feed address).

Events are published (METHOD:PUBLISH) rather than sent as invitations: calendars show
them, and pick up changes by UID and SEQUENCE. The video-call link is for members only,
so every builder is told whether it may include it.
"""

from datetime import timezone as dt_timezone
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import permissions

from .models import CalendarFeed, Session

PRODID = "-//CoP platform//Sessions//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
ATTACHMENT_MIMETYPE = "text/calendar; method=PUBLISH; charset=utf-8"
REMINDER_BEFORE = "-PT1H"


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path):
    return settings.SITE_URL + path


def session_uid(session):
    """Stable for the session's whole life, so calendars update the event instead of adding one."""
    return f"session-{session.pk}@{_site_host()}"


def _shows_venue(session):
    return session.format in (Session.Format.IN_PERSON, Session.Format.HYBRID) and bool(session.venue)


def _shows_link(session, include_private):
    return include_private and session.format in (Session.Format.VIRTUAL, Session.Format.HYBRID) and bool(session.video_link)


def _location(session, include_private):
    parts = []
    if _shows_venue(session):
        parts.append(session.venue)
    if _shows_link(session, include_private):
        parts.append(session.video_link)
    return " · ".join(parts)


def _description(session, page_url, include_private):
    # Markdown reads well enough as plain text; calendars show DESCRIPTION as plain text.
    paragraphs = []
    if session.is_cancelled:
        paragraphs.append(_("This session is cancelled."))
    if session.guiding_question:
        paragraphs.append(_("Guiding question: %(question)s") % {"question": session.guiding_question})
    if session.agenda.strip():
        paragraphs.append(_("Agenda:\n%(agenda)s") % {"agenda": session.agenda.strip()})
    if _shows_link(session, include_private):
        paragraphs.append(_("Join the video call: %(link)s") % {"link": session.video_link})
    paragraphs.append(_("Session page: %(url)s") % {"url": page_url})
    return "\n\n".join(paragraphs)


def session_event(session, *, include_private):
    """One VEVENT. ``include_private``: whether the reader may see the video-call link."""
    page_url = absolute_url(session.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now().astimezone(dt_timezone.utc))
    event.add("dtstart", session.starts_at.astimezone(dt_timezone.utc))
    event.add("dtend", session.ends_at.astimezone(dt_timezone.utc))
    event.add("summary", session.title)
    event.add("description", _description(session, page_url, include_private))
    event.add("url", page_url)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    location = _location(session, include_private)
    if location:
        event.add("location", location)

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", icalendar.vDuration.from_ical(REMINDER_BEFORE))
    alarm.add("description", _("Starts in one hour: %(title)s") % {"title": session.title})
    event.add_component(alarm)
    return event


def calendar_for(sessions, *, include_private_for=None, name=None):
    """A calendar of ``sessions`` (fetched with ``select_related("community")``).

    ``include_private_for``: the reader; each session's video-call link goes in only if
    they may see that session's details. Asked once per community, not per session.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or _("Sessions"))
    may_see_details = {}
    for session in sessions:
        include_private = False
        if include_private_for is not None:
            if session.community_id not in may_see_details:
                may_see_details[session.community_id] = permissions.can_see_session_details(include_private_for, session)
            include_private = may_see_details[session.community_id]
        calendar.add_component(session_event(session, include_private=include_private))
    return calendar


def session_calendar(session, *, include_private):
    calendar = calendar_for([], name=session.title)
    calendar.add_component(session_event(session, include_private=include_private))
    return calendar


def ics_attachment(session):
    """The session as an email attachment. Session emails go to members only: the link is in."""
    content = session_calendar(session, include_private=True).to_ical().decode()
    return [{"filename": "session.ics", "mimetype": ATTACHMENT_MIMETYPE, "content": content}]


# --- Feeds -------------------------------------------------------------------------------------


def feed_url(feed):
    return absolute_url(feed.get_absolute_url())


def active_feed(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def _lock_person(user):
    # One active feed per person (a constraint): serialise concurrent creations for them.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def calendar_feed_create(*, user):
    """A new feed address for the person; their previous one, if any, stops working."""
    with transaction.atomic():
        _lock_person(user)
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        feed = CalendarFeed(user=user)
        feed.full_clean()
        feed.save()
    return feed


def calendar_feed_revoke(*, user):
    """Stop the person's feed address. Returns how many were active (0 or 1)."""
    with transaction.atomic():
        _lock_person(user)
        return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
