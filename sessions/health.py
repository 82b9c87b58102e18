"""The sessions floor's share of a community's health (``registry.health_sections``):
attendance and the attendees' feedback, session by session."""

from django.utils.translation import gettext as _

from communities.dashboard import Figure, Section, Series

from .services.feedback import feedback_summary, feedback_trend

LAST = 12


def sessions_section(community, now):
    closed = feedback_trend(community.sessions.all())[-LAST:]
    summary = feedback_summary(community.sessions.all())

    def label(session):
        return f"{session.starts_at:%d/%m} {session.title[:30]}"

    return Section(
        key="sessions",
        title=_("Sessions and feedback"),
        position=30,
        figures=[
            Figure("sessions_closed", _("Sessions held"), len(closed)),
            Figure(
                "average_attendance", _("Average attendance"),
                round(sum(s.attendee_count for s in closed) / len(closed), 1) if closed else None,
            ),
            Figure("feedback_answers", _("Feedback answers"), summary["answers"]),
            Figure(
                "average_usefulness", _("Average usefulness (1 to 5)"), summary["average"],
                _("only sessions with at least 3 answers count, so that answers stay anonymous"),
            ),
        ],
        series=[
            Series("attendance", _("Attendance per session"), [(label(s), s.attendee_count) for s in closed]),
            Series(
                "usefulness", _("Average usefulness per session (1 to 5; sessions with 3 answers or more)"),
                [(label(s), s.average) for s in closed if s.average is not None],
            ),
        ],
    )
