"""The platform's URLs. Each app keeps its own under its namespace."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from communities import views as community_views

# One door: the admin's sign-in is the site's own (allauth's rate limits, lockout and
# e-mail verification), not Django's unthrottled form. Set before admin.site.urls is read.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", community_views.home, name="home"),
    path("healthz", community_views.healthz, name="healthz"),
    path("i18n/setlang/", community_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("communities.urls_people")),
    path("communities/<str:slug>/sessions/", include("sessions.urls")),
    path("communities/<str:slug>/knowledge/", include("knowledge.urls")),
    path("communities/<str:slug>/products/", include("knowledge.urls_products")),
    path("communities/", include("communities.urls")),
    path("programmes/", include("sessions.urls_programmes")),
    path("search/", include("knowledge.urls_search")),
    path("invitations/", include("communities.urls_invitations")),
    path("calendar/", include("sessions.urls_calendar")),
    path("notifications/", include("communities.urls_notifications")),
    path("attachments/", include("communities.urls_attachments")),
    path("code-of-conduct/", include("knowledge.urls_pages")),
    path("library/", include("knowledge.urls_library")),
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

admin.site.site_header = "CoP platform"
handler403 = "communities.views.permission_denied"
