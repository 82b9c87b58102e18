from django.urls import path

from . import views_attachments

app_name = "attachments"

urlpatterns = [
    path("<uuid:uuid>/", views_attachments.download, name="download"),
]
