"""Every write about sessions, by subject: ``sessions`` (scheduling, changes, cancellation,
RSVPs), ``series`` (recurring sessions) and ``reports`` (closing a session: attendance, report,
messages to attendees). The sessions' writes are also this package's own names, as
``services.session_schedule`` has always been called."""

from .sessions import *  # noqa: F403
