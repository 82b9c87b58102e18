"""Sessions' addresses: one list per prefix, each with its namespace, mounted by ``urlpatterns``."""

from django.urls import include, path

from .views import calendar, reports, sessions

session_urls = [
    path("", sessions.session_list, name="list"),
    path("new/", sessions.session_create, name="create"),
    path("<int:pk>/", sessions.session_detail, name="detail"),
    path("<int:pk>/edit/", sessions.session_edit, name="edit"),
    path("<int:pk>/cancel/", sessions.session_cancel, name="cancel"),
    path("<int:pk>/rsvp/", sessions.rsvp, name="rsvp"),
    path("<int:pk>/calendar.ics", calendar.session_ics, name="ics"),
    path("<int:pk>/close/", reports.session_close, name="close"),
    path("<int:pk>/message/", reports.attendees_message, name="message"),
    path("<int:pk>/attendees.csv", reports.attendees_csv, name="attendees-csv"),
]

# A person's calendar feed: the settings page, and the secret address calendar apps fetch.
calendar_urls = [
    path("", calendar.calendar_settings, name="settings"),
    path("new/", calendar.regenerate, name="regenerate"),
    path("revoke/", calendar.revoke, name="revoke"),
    path("<str:token>.ics", calendar.feed, name="feed"),
]

programme_urls = [
    path("<str:slug>/", sessions.programme_detail, name="detail"),
]

urlpatterns = [
    path("communities/<str:slug>/sessions/", include((session_urls, "meetings"))),
    path("calendar/", include((calendar_urls, "calendar"))),
    path("programmes/", include((programme_urls, "programmes"))),
]
