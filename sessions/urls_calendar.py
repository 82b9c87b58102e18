"""A person's calendar feed: the settings page, and the secret address calendar apps fetch."""

from django.urls import path

from . import views_calendar

app_name = "calendar"

urlpatterns = [
    path("", views_calendar.calendar_settings, name="settings"),
    path("new/", views_calendar.regenerate, name="regenerate"),
    path("revoke/", views_calendar.revoke, name="revoke"),
    path("<str:token>.ics", views_calendar.feed, name="feed"),
]
