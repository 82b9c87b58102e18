"""What sessions and programmes tell people: the kinds of notification, how they read, the
email topics that switch them and the digest's section, declared to the ground floor's registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities import registry


class SessionNotificationKind(models.TextChoices):
    SCHEDULED = "session_scheduled", _("A new session in my communities")
    CHANGED = "session_changed", _("A change to a session")
    CANCELLED = "session_cancelled", _("A cancelled session")
    PLACE_FREED = "session_place_freed", _("A place for me at a session I waited for")
    REMINDER = "session_reminder", _("Reminders before sessions")
    REPORT = "session_report", _("A report of a session in my communities")
    TO_CLOSE = "session_to_close", _("A past session of mine still to close")
    FEEDBACK_REQUESTED = "session_feedback_requested", _("A request for feedback on a session I attended")


# How each kind reads in the list, with ``data`` (and actor/community names) filled in.
MESSAGES = {
    SessionNotificationKind.SCHEDULED: _("New session in %(community)s: %(session)s."),
    SessionNotificationKind.CHANGED: _("The session “%(session)s” in %(community)s has changed."),
    SessionNotificationKind.CANCELLED: _("The session “%(session)s” in %(community)s is cancelled."),
    SessionNotificationKind.PLACE_FREED: _("A place opened for you at “%(session)s”: you are now going."),
    SessionNotificationKind.REMINDER: _("Reminder: “%(session)s” starts soon."),
    SessionNotificationKind.REPORT: _("The report of “%(session)s” in %(community)s is available."),
    SessionNotificationKind.TO_CLOSE: _("“%(session)s” is over: record who attended and write its report."),
    SessionNotificationKind.FEEDBACK_REQUESTED: _("How useful was “%(session)s” for you? Give your feedback."),
}

# The email topic that switches each kind; "facilitation" belongs to the ground floor.
TOPICS = {
    SessionNotificationKind.SCHEDULED: "new_sessions",
    SessionNotificationKind.PLACE_FREED: "new_sessions",
    SessionNotificationKind.CHANGED: "session_changes",
    SessionNotificationKind.CANCELLED: "session_changes",
    SessionNotificationKind.REMINDER: "reminders",
    SessionNotificationKind.REPORT: "reports",
    SessionNotificationKind.TO_CLOSE: "facilitation",
    # The request travels in the report's e-mail: the same line switches both.
    SessionNotificationKind.FEEDBACK_REQUESTED: "reports",
}


class ProgrammeNotificationKind(models.TextChoices):
    INVITATION = "programme_invitation", _("An invitation for my community to join a programme")
    ACCEPTED = "programme_invitation_accepted", _("A community accepted to join my programme")
    DECLINED = "programme_invitation_declined", _("A community declined to join my programme")


PROGRAMME_MESSAGES = {
    ProgrammeNotificationKind.INVITATION: _("%(actor)s invites %(community)s to join the programme “%(programme)s”."),
    ProgrammeNotificationKind.ACCEPTED: _("%(community)s joined the programme “%(programme)s”."),
    ProgrammeNotificationKind.DECLINED: _("%(community)s declined to join the programme “%(programme)s”."),
}

# Facilitators answer invitations (the ground floor's "facilitation" line); managers hear the answer.
PROGRAMME_TOPICS = {
    ProgrammeNotificationKind.INVITATION: "facilitation",
    ProgrammeNotificationKind.ACCEPTED: "request_decided",
    ProgrammeNotificationKind.DECLINED: "request_decided",
}


def register():
    """From ``MeetingsConfig.ready``. Positions place the lines among the other apps' (see their ``register``)."""
    registry.notification_kinds_of(SessionNotificationKind, messages=MESSAGES, topics=TOPICS)
    registry.notification_kinds_of(ProgrammeNotificationKind, messages=PROGRAMME_MESSAGES, topics=PROGRAMME_TOPICS)
    registry.email_topic("new_sessions", _("New sessions"), position=50)
    registry.email_topic("session_changes", _("Changes to and cancellations of sessions"), position=60)
    registry.email_topic("reminders", _("Reminders before sessions"), position=70)
    registry.email_topic("reports", _("Reports of past sessions"), position=80)
    # Upcoming sessions come soonest first, after what was posted and before products.
    registry.digest_section("sessions", _("Sessions in the next 14 days"), position=30, soonest_first=True)
