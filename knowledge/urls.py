from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
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
