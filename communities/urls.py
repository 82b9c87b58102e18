from django.urls import path

from . import views_communities as views

app_name = "communities"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("learning-experience/", views.request_learning_experience, name="request-learning-experience"),
    path("interest/unsubscribe/<str:token>/", views.interest_unsubscribe, name="interest-unsubscribe"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/members/", views.members, name="members"),
    path("<str:slug>/join/", views.join, name="join"),
    path("<str:slug>/leave/", views.leave, name="leave"),
    path("<str:slug>/interest/", views.express_interest, name="interest"),
    path("<str:slug>/objectives/", views.propose_objective, name="propose-objective"),
    path("<str:slug>/objectives/<int:pk>/decide/", views.decide_objective, name="decide-objective"),
    path("<str:slug>/manage/", views.manage, name="manage"),
    path("<str:slug>/manage/settings/", views.settings_edit, name="settings"),
    path("<str:slug>/manage/invitations/", views.invite, name="invite"),
    path("<str:slug>/manage/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke-invitation"),
    path("<str:slug>/manage/memberships/<int:pk>/decide/", views.decide_request, name="decide-request"),
    path("<str:slug>/manage/memberships/<int:pk>/role/", views.change_role, name="change-role"),
    path("<str:slug>/manage/memberships/<int:pk>/remove/", views.remove_member, name="remove-member"),
]
