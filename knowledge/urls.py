"""The knowledge exchange's addresses: one list per prefix, each with its namespace, mounted by
``urlpatterns``."""

from django.urls import include, path

from . import views, views_pages, views_products, views_search

post_urls = [
    path("", views.post_list, name="list"),
    path("new/", views.post_create, name="create"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report-dismiss"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit/", views.post_edit, name="edit"),
    path("<int:pk>/delete/", views.post_delete, name="delete"),
    path("<int:pk>/history/", views.post_history, name="history"),
    path("<int:pk>/history/<int:revision_pk>/redact/", views.post_revision_redact, name="revision-redact"),
    path("<int:pk>/reply/", views.reply_create, name="reply"),
    path("<int:pk>/accept/", views.answer_accept, name="accept"),
    path("<int:pk>/follow/", views.follow_set, name="follow"),
    path("<int:pk>/report/", views.post_report, name="report"),
    path("<int:pk>/hide/", views.post_hide, name="hide"),
    path("<int:pk>/unhide/", views.post_unhide, name="unhide"),
    path("replies/<int:pk>/edit/", views.reply_edit, name="reply-edit"),
    path("replies/<int:pk>/history/", views.reply_history, name="reply-history"),
    path(
        "replies/<int:pk>/history/<int:revision_pk>/redact/", views.reply_revision_redact, name="reply-revision-redact"
    ),
    path("replies/<int:pk>/helpful/", views.helpful_toggle, name="helpful"),
    path("replies/<int:pk>/report/", views.reply_report, name="reply-report"),
    path("replies/<int:pk>/hide/", views.reply_hide, name="reply-hide"),
    path("replies/<int:pk>/unhide/", views.reply_unhide, name="reply-unhide"),
]

# Capitalization products of a community.
product_urls = [
    path("", views_products.product_list, name="list"),
    path("new/", views_products.product_new, name="create"),
    path("<int:pk>/", views_products.product_detail, name="detail"),
    path("<int:pk>/edit/", views_products.product_edit, name="edit"),
    path("<int:pk>/history/", views_products.product_history, name="history"),
    path("<int:pk>/submit/", views_products.product_send_for_review, name="submit"),
    path("<int:pk>/publish/", views_products.product_publish_view, name="publish"),
    path("<int:pk>/draft/", views_products.product_draft, name="draft"),
    path("<int:pk>/comment/", views_products.product_comment_view, name="comment"),
]

# The public library of published capitalization products.
library_urls = [
    path("", views_products.library_list, name="list"),
    path("<int:pk>/", views_products.library_detail, name="detail"),
]

page_urls = [
    path("", views_pages.code_of_conduct, name="code-of-conduct"),
]

search_urls = [
    path("", views_search.search_page, name="search"),
]

urlpatterns = [
    path("communities/<str:slug>/knowledge/", include((post_urls, "knowledge"))),
    path("communities/<str:slug>/products/", include((product_urls, "products"))),
    path("library/", include((library_urls, "library"))),
    path("code-of-conduct/", include((page_urls, "pages"))),
    path("search/", include((search_urls, "search"))),
]
