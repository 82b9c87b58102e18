from django.urls import path

from . import views_notifications

app_name = "notifications"

urlpatterns = [
    path("", views_notifications.notification_list, name="list"),
    path("settings/", views_notifications.notification_settings, name="settings"),
    path("settings/<str:slug>/", views_notifications.community_settings, name="community-settings"),
    path("read/", views_notifications.mark_all_read, name="mark-all-read"),
    path("<int:pk>/open/", views_notifications.notification_open, name="open"),
    path("unsubscribe/<str:token>/", views_notifications.unsubscribe_view, name="unsubscribe"),
]
