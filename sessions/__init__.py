"""Sessions (meetings) of communities: scheduling, RSVPs, reports, calendars, reminders.

Its app label is ``meetings``: ``sessions`` is taken by django.contrib.sessions.
"""
