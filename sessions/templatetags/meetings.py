"""Session times for the reader: their own zone first, the session's local time beside."""

from django import template
from django.utils import timezone

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
