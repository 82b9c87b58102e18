"""Capitalization products of a community: /communities/<slug>/products/…"""

from django.urls import path

from . import views_products as views

app_name = "products"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("new/", views.product_new, name="create"),
    path("<int:pk>/", views.product_detail, name="detail"),
    path("<int:pk>/edit/", views.product_edit, name="edit"),
    path("<int:pk>/history/", views.product_history, name="history"),
    path("<int:pk>/submit/", views.product_send_for_review, name="submit"),
    path("<int:pk>/publish/", views.product_publish_view, name="publish"),
    path("<int:pk>/draft/", views.product_draft, name="draft"),
    path("<int:pk>/comment/", views.product_comment_view, name="comment"),
]
