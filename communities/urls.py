"""The ground floor's addresses: one list per prefix, each with its namespace (as in
healthchecks' hc/front/urls.py), mounted by ``urlpatterns``."""

from django.urls import include, path

from .views import attachments, communities, dashboard, invitations, notifications, pages, start_requests

community_urls = [
    path("", communities.directory, name="directory"),
    path("new/", communities.create, name="create"),
    path("new/request/", start_requests.start_request_new, name="start-request-new"),
    path("new/requests/", start_requests.start_request_list, name="start-requests"),
    path("new/requests/<int:pk>/", start_requests.start_request_detail, name="start-request"),
    path("learning-experience/", communities.request_learning_experience, name="request-learning-experience"),
    path("interest/confirm/<str:token>/", communities.interest_confirm, name="interest-confirm"),
    path("interest/unsubscribe/<str:token>/", communities.interest_unsubscribe, name="interest-unsubscribe"),
    path("<str:slug>/", communities.detail, name="detail"),
    path("<str:slug>/members/", communities.members, name="members"),
    path("<str:slug>/join/", communities.join, name="join"),
    path("<str:slug>/leave/", communities.leave, name="leave"),
    path("<str:slug>/interest/", communities.express_interest, name="interest"),
    path("<str:slug>/objectives/", communities.propose_objective, name="propose-objective"),
    path("<str:slug>/objectives/<int:pk>/decide/", communities.decide_objective, name="decide-objective"),
    path("<str:slug>/manage/", communities.manage, name="manage"),
    path("<str:slug>/manage/settings/", communities.settings_edit, name="settings"),
    path("<str:slug>/manage/dashboard/", dashboard.health, name="dashboard"),
    path("<str:slug>/manage/dashboard.csv", dashboard.health_csv, name="dashboard-csv"),
    path("<str:slug>/manage/invitations/", communities.invite, name="invite"),
    path("<str:slug>/manage/invitations/<int:pk>/revoke/", communities.revoke_invitation, name="revoke-invitation"),
    path("<str:slug>/manage/memberships/<int:pk>/decide/", communities.decide_request, name="decide-request"),
    path(
        "<str:slug>/manage/memberships/<int:pk>/admit/", communities.admit_from_waiting_list, name="admit-from-waiting-list"
    ),
    path("<str:slug>/manage/memberships/<int:pk>/role/", communities.change_role, name="change-role"),
    path("<str:slug>/manage/memberships/<int:pk>/remove/", communities.remove_member, name="remove-member"),
]

people_urls = [
    path("me/", pages.profile_me, name="me"),
    path("me/edit/", pages.profile_edit, name="edit"),
    path("search/", communities.people_search, name="search"),
    path("<int:pk>/", pages.profile_detail, name="detail"),
]

invitation_urls = [
    path("<str:token>/", invitations.respond, name="respond"),
]

notification_urls = [
    path("", notifications.notification_list, name="list"),
    path("settings/", notifications.notification_settings, name="settings"),
    path("settings/<str:slug>/", notifications.community_settings, name="community-settings"),
    path("read/", notifications.mark_all_read, name="mark-all-read"),
    path("<int:pk>/open/", notifications.notification_open, name="open"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe_view, name="unsubscribe"),
]

attachment_urls = [
    path("<uuid:uuid>/", attachments.download, name="download"),
]

urlpatterns = [
    path("communities/", include((community_urls, "communities"))),
    path("people/", include((people_urls, "people"))),
    path("invitations/", include((invitation_urls, "invitations"))),
    path("notifications/", include((notification_urls, "notifications"))),
    path("attachments/", include((attachment_urls, "attachments"))),
]
