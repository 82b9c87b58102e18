from django.urls import path

from . import views, views_communities

app_name = "people"

urlpatterns = [
    path("me/", views.profile_me, name="me"),
    path("me/edit/", views.profile_edit, name="edit"),
    path("search/", views_communities.people_search, name="search"),
    path("<int:pk>/", views.profile_detail, name="detail"),
]
