"""The platform's URLs. Each app's urls.py mounts its lists under their prefixes and namespaces."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from communities.views import pages as community_views

# One door: the admin's sign-in is the site's own (allauth's rate limits, lockout and
# e-mail verification), not Django's unthrottled form. Set before admin.site.urls is read.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", community_views.home, name="home"),
    path("healthz", community_views.healthz, name="healthz"),
    path("i18n/setlang/", community_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    # Sessions and knowledge first: their community pages sit below communities/<slug>/.
    path("", include("sessions.urls")),
    path("", include("knowledge.urls")),
    path("", include("communities.urls")),
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    # Browsers ask for /favicon.ico whatever the page links (and for files that are not pages).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
]

admin.site.site_header = "CoP platform"
handler403 = "communities.views.pages.permission_denied"
