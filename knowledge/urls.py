"""The knowledge exchange's addresses: one list per prefix, each with its namespace, mounted by
``urlpatterns``."""

from django.urls import include, path

from .views import pages, posts, products, search, stories

post_urls = [
    path("", posts.post_list, name="list"),
    path("new/", posts.post_create, name="create"),
    path("reports/", posts.report_list, name="reports"),
    path("reports/<int:pk>/dismiss/", posts.report_dismiss, name="report-dismiss"),
    path("<int:pk>/", posts.post_detail, name="detail"),
    path("<int:pk>/edit/", posts.post_edit, name="edit"),
    path("<int:pk>/delete/", posts.post_delete, name="delete"),
    path("<int:pk>/history/", posts.post_history, name="history"),
    path("<int:pk>/history/<int:revision_pk>/redact/", posts.post_revision_redact, name="revision-redact"),
    path("<int:pk>/reply/", posts.reply_create, name="reply"),
    path("<int:pk>/accept/", posts.answer_accept, name="accept"),
    path("<int:pk>/follow/", posts.follow_set, name="follow"),
    path("<int:pk>/report/", posts.post_report, name="report"),
    path("<int:pk>/hide/", posts.post_hide, name="hide"),
    path("<int:pk>/unhide/", posts.post_unhide, name="unhide"),
    path("replies/<int:pk>/edit/", posts.reply_edit, name="reply-edit"),
    path("replies/<int:pk>/history/", posts.reply_history, name="reply-history"),
    path(
        "replies/<int:pk>/history/<int:revision_pk>/redact/", posts.reply_revision_redact, name="reply-revision-redact"
    ),
    path("replies/<int:pk>/helpful/", posts.helpful_toggle, name="helpful"),
    path("replies/<int:pk>/report/", posts.reply_report, name="reply-report"),
    path("replies/<int:pk>/hide/", posts.reply_hide, name="reply-hide"),
    path("replies/<int:pk>/unhide/", posts.reply_unhide, name="reply-unhide"),
]

# Capitalization products of a community.
product_urls = [
    path("", products.product_list, name="list"),
    path("new/", products.product_new, name="create"),
    path("<int:pk>/", products.product_detail, name="detail"),
    path("<int:pk>/edit/", products.product_edit, name="edit"),
    path("<int:pk>/history/", products.product_history, name="history"),
    path("<int:pk>/submit/", products.product_send_for_review, name="submit"),
    path("<int:pk>/publish/", products.product_publish_view, name="publish"),
    path("<int:pk>/draft/", products.product_draft, name="draft"),
    path("<int:pk>/comment/", products.product_comment_view, name="comment"),
]

# Value-creation stories of a community.
story_urls = [
    path("", stories.story_list, name="list"),
    path("new/", stories.story_create, name="create"),
    path("<int:pk>/", stories.story_detail, name="detail"),
    path("<int:pk>/edit/", stories.story_edit, name="edit"),
    path("<int:pk>/delete/", stories.story_delete, name="delete"),
    path("<int:pk>/feature/", stories.story_feature, name="feature"),
    path("<int:pk>/report/", stories.story_report, name="report"),
    path("<int:pk>/hide/", stories.story_hide, name="hide"),
    path("<int:pk>/unhide/", stories.story_unhide, name="unhide"),
]

# The public library of published capitalization products.
library_urls = [
    path("", products.library_list, name="list"),
    path("<int:pk>/", products.library_detail, name="detail"),
]

page_urls = [
    path("", pages.code_of_conduct, name="code-of-conduct"),
]

search_urls = [
    path("", search.search_page, name="search"),
]

urlpatterns = [
    path("communities/<str:slug>/knowledge/", include((post_urls, "knowledge"))),
    path("communities/<str:slug>/products/", include((product_urls, "products"))),
    path("communities/<str:slug>/stories/", include((story_urls, "stories"))),
    path("library/", include((library_urls, "library"))),
    path("code-of-conduct/", include((page_urls, "pages"))),
    path("search/", include((search_urls, "search"))),
]
