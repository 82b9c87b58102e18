"""The public library of published capitalization products: /library/…"""

from django.urls import path

from . import views_products as views

app_name = "library"

urlpatterns = [
    path("", views.library_list, name="list"),
    path("<int:pk>/", views.library_detail, name="detail"),
]
