"""Sessions' addresses: one list per prefix, each with its namespace, mounted by ``urlpatterns``."""

from django.urls import include, path

from . import views, views_calendar, views_reports

session_urls = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/calendar.ics", views_calendar.session_ics, name="ics"),
    path("<int:pk>/close/", views_reports.session_close, name="close"),
    path("<int:pk>/message/", views_reports.attendees_message, name="message"),
    path("<int:pk>/attendees.csv", views_reports.attendees_csv, name="attendees-csv"),
]

# A person's calendar feed: the settings page, and the secret address calendar apps fetch.
calendar_urls = [
    path("", views_calendar.calendar_settings, name="settings"),
    path("new/", views_calendar.regenerate, name="regenerate"),
    path("revoke/", views_calendar.revoke, name="revoke"),
    path("<str:token>.ics", views_calendar.feed, name="feed"),
]

programme_urls = [
    path("<str:slug>/", views.programme_detail, name="detail"),
]

urlpatterns = [
    path("communities/<str:slug>/sessions/", include((session_urls, "meetings"))),
    path("calendar/", include((calendar_urls, "calendar"))),
    path("programmes/", include((programme_urls, "programmes"))),
]
