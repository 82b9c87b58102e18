"""Sessions' addresses: one list per prefix, each with its namespace, mounted by ``urlpatterns``."""

from django.urls import include, path

from .views import calendar, feedback, programmes, reports, sessions

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
    path("<int:pk>/feedback/", feedback.feedback_form, name="feedback"),
    path("feedback/", feedback.feedback_trend, name="feedback-trend"),
    path("feedback.csv", feedback.feedback_csv, name="feedback-csv"),
]

# A person's calendar feed: the settings page, and the secret address calendar apps fetch.
calendar_urls = [
    path("", calendar.calendar_settings, name="settings"),
    path("new/", calendar.regenerate, name="regenerate"),
    path("revoke/", calendar.revoke, name="revoke"),
    path("<str:token>.ics", calendar.feed, name="feed"),
]

programme_urls = [
    path("", programmes.programme_list, name="list"),
    path("new/", programmes.programme_create, name="create"),
    path("<str:slug>/", programmes.programme_detail, name="detail"),
    path("<str:slug>/manage/", programmes.programme_manage, name="manage"),
    path("<str:slug>/communities/add/", programmes.programme_community_add, name="add-community"),
    path("<str:slug>/communities/<int:community_pk>/remove/", programmes.programme_community_remove, name="remove-community"),
    path("<str:slug>/managers/add/", programmes.programme_manager_add, name="add-manager"),
    path("<str:slug>/managers/<int:user_pk>/remove/", programmes.programme_manager_remove, name="remove-manager"),
    path("<str:slug>/phases/new/", programmes.phase_create, name="create-phase"),
    path("<str:slug>/phases/<int:pk>/edit/", programmes.phase_edit, name="edit-phase"),
    path("<str:slug>/phases/<int:pk>/delete/", programmes.phase_delete, name="delete-phase"),
    path("<str:slug>/invitations/<int:pk>/", programmes.invitation_detail, name="invitation"),
]

urlpatterns = [
    path("communities/<str:slug>/sessions/", include((session_urls, "meetings"))),
    path("calendar/", include((calendar_urls, "calendar"))),
    path("programmes/", include((programme_urls, "programmes"))),
]
