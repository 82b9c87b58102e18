from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("me/", views.profile_me, name="me"),
    path("me/edit/", views.profile_edit, name="edit"),
    path("<int:pk>/", views.profile_detail, name="detail"),
]
