from django.urls import path

from . import views, views_calendar, views_reports

app_name = "meetings"

urlpatterns = [
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
