"""The report of a session, with its attendees and files, for the session page."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from communities.attachments import attachments_for

register = template.Library()


@register.simple_tag
def session_report(session):
    """{% session_report session as closing %}: None, or the report, attendees and files.

    A fixed number of queries however many people attended.
    """
    try:
        report = session.report
    except ObjectDoesNotExist:
        return None
    attendances = session.attendances.select_related("user").order_by("user__display_name", "user__pk")
    return {
        "report": report,
        "attendees": [attendance.user for attendance in attendances],
        "attachments": list(attachments_for(report)),
    }
