from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from communities import registry

        from . import search  # noqa: F401 - keeps search vectors up to date on save
        from .blocks import community_recent_posts, dashboard_recent_posts
        from .digest import new_posts, new_products
        from .notifications import register as register_notifications

        register_notifications()

        registry.dashboard_sections.append(dashboard_recent_posts)
        registry.community_home_sections.append(community_recent_posts)
        registry.digest_providers.extend([new_posts, new_products])
        registry.community_tabs.append((_("Knowledge"), "knowledge:list", "knowledge"))
        registry.community_tabs.append((_("Products"), "products:list", "products"))
