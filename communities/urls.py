"""The ground floor's addresses: one list per prefix, each with its namespace (as in
healthchecks' hc/front/urls.py), mounted by ``urlpatterns``."""

from django.urls import include, path

from . import views, views_attachments, views_communities, views_invitations, views_notifications

community_urls = [
    path("", views_communities.directory, name="directory"),
    path("new/", views_communities.create, name="create"),
    path("learning-experience/", views_communities.request_learning_experience, name="request-learning-experience"),
    path("interest/unsubscribe/<str:token>/", views_communities.interest_unsubscribe, name="interest-unsubscribe"),
    path("<str:slug>/", views_communities.detail, name="detail"),
    path("<str:slug>/members/", views_communities.members, name="members"),
    path("<str:slug>/join/", views_communities.join, name="join"),
    path("<str:slug>/leave/", views_communities.leave, name="leave"),
    path("<str:slug>/interest/", views_communities.express_interest, name="interest"),
    path("<str:slug>/objectives/", views_communities.propose_objective, name="propose-objective"),
    path("<str:slug>/objectives/<int:pk>/decide/", views_communities.decide_objective, name="decide-objective"),
    path("<str:slug>/manage/", views_communities.manage, name="manage"),
    path("<str:slug>/manage/settings/", views_communities.settings_edit, name="settings"),
    path("<str:slug>/manage/invitations/", views_communities.invite, name="invite"),
    path("<str:slug>/manage/invitations/<int:pk>/revoke/", views_communities.revoke_invitation, name="revoke-invitation"),
    path("<str:slug>/manage/memberships/<int:pk>/decide/", views_communities.decide_request, name="decide-request"),
    path("<str:slug>/manage/memberships/<int:pk>/role/", views_communities.change_role, name="change-role"),
    path("<str:slug>/manage/memberships/<int:pk>/remove/", views_communities.remove_member, name="remove-member"),
]

people_urls = [
    path("me/", views.profile_me, name="me"),
    path("me/edit/", views.profile_edit, name="edit"),
    path("search/", views_communities.people_search, name="search"),
    path("<int:pk>/", views.profile_detail, name="detail"),
]

invitation_urls = [
    path("<str:token>/", views_invitations.respond, name="respond"),
]

notification_urls = [
    path("", views_notifications.notification_list, name="list"),
    path("settings/", views_notifications.notification_settings, name="settings"),
    path("settings/<str:slug>/", views_notifications.community_settings, name="community-settings"),
    path("read/", views_notifications.mark_all_read, name="mark-all-read"),
    path("<int:pk>/open/", views_notifications.notification_open, name="open"),
    path("unsubscribe/<str:token>/", views_notifications.unsubscribe_view, name="unsubscribe"),
]

attachment_urls = [
    path("<uuid:uuid>/", views_attachments.download, name="download"),
]

urlpatterns = [
    path("communities/", include((community_urls, "communities"))),
    path("people/", include((people_urls, "people"))),
    path("invitations/", include((invitation_urls, "invitations"))),
    path("notifications/", include((notification_urls, "notifications"))),
    path("attachments/", include((attachment_urls, "attachments"))),
]
