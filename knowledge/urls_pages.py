"""The platform-wide pages of the knowledge exchange (mounted at /code-of-conduct/)."""

from django.urls import path

from . import views_pages

app_name = "pages"

urlpatterns = [
    path("", views_pages.code_of_conduct, name="code-of-conduct"),
]
