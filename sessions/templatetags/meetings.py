"""Session times for the reader: their own zone first, the session's local time beside."""

import math
from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from sessions.times import to_local

register = template.Library()


@register.inclusion_tag("meetings/partials/session_time.html")
def session_time(session):
    reader_zone = timezone.get_current_timezone_name()
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    context = {"start": start, "end": end, "reader_zone": reader_zone, "same_day": start.date() == end.date()}
    if session.timezone != reader_zone:
        local_start, local_end = to_local(session.starts_at, session.timezone), to_local(session.ends_at, session.timezone)
        if local_start.utcoffset() != start.utcoffset():
            context.update(local_start=local_start, local_end=local_end, session_zone=session.timezone)
    return context


@register.simple_tag
def starts_in_words(session, moment=None):
    """“Title” starts today at 15:00, in 1 hour: in the reader's zone and language, seen from ``moment``."""
    moment = moment or timezone.now()
    start, today = timezone.localtime(session.starts_at), timezone.localtime(moment).date()
    # Counted in whole minutes, up: a sweep a few seconds after 14:00 still says "in 1 hour".
    minutes = max(math.ceil((session.starts_at - moment).total_seconds() / 60), 1)
    values = {
        "title": session.title,
        "time": date_format(start, "H:i"),
        "date": date_format(start, "l j F"),
        "delay": timeuntil(session.starts_at, session.starts_at - timedelta(minutes=minutes), depth=1),
    }
    days = (start.date() - today).days
    if days == 0:
        # Translators: %(delay)s is Django's own "1 hour", "3 hours", "1 day", "1 week"…
        return _("“%(title)s” starts today at %(time)s, in %(delay)s.") % values
    if days == 1:
        return _("“%(title)s” starts tomorrow at %(time)s, in %(delay)s.") % values
    return _("“%(title)s” starts on %(date)s at %(time)s, in %(delay)s.") % values
