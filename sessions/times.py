"""Local times in a session's own zone, and their pitfalls (DST gaps and overlaps)."""

import zoneinfo
from datetime import timezone as dt_timezone

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def to_utc(local, zone_name, *, field=None):
    """A naive local datetime in ``zone_name`` → aware UTC.

    Refuses a time that does not exist (the clock jumps over it) or happens twice (the
    clock goes back), rather than guessing which one was meant.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(dt_timezone.utc).astimezone(zone).replace(tzinfo=None)
    message = None
    if round_trip != local:
        message = _("%(time)s does not exist in %(zone)s: the clocks change that night. Choose another time.")
    elif first.utcoffset() != second.utcoffset():
        message = _("%(time)s happens twice in %(zone)s: the clocks go back that night. Choose another time.")
    if message:
        error = message % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
        raise ValidationError({field: error} if field else error)
    return first.astimezone(dt_timezone.utc)


def to_local(moment, zone_name):
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name))


def naive_local(moment, zone_name):
    """For form initial values: the wall-clock time in the session's zone."""
    return to_local(moment, zone_name).replace(tzinfo=None)


