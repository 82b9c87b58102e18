from django.urls import path

from . import views_invitations as views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", views.respond, name="respond"),
]
