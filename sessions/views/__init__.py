"""Sessions' pages, by subject: ``sessions`` (lists, scheduling, RSVPs, programmes), ``calendar`` (.ics and personal feeds) and ``reports`` (closing a session, attendees)."""
