from django.urls import path

from . import views, views_calendar

app_name = "meetings"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/calendar.ics", views_calendar.session_ics, name="ics"),
]
