from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from communities import registry

        from . import search  # noqa: F401 - keeps search vectors up to date on save
        from .blocks import (
            community_featured_stories,
            community_recent_posts,
            dashboard_recent_posts,
            member_last_posts,
            visitor_latest_products,
        )
        from .digest import new_posts, new_products
        from .health import exchanges_section
        from .notifications import register as register_notifications

        register_notifications()

        registry.dashboard_sections.append(dashboard_recent_posts)
        registry.visitor_home_sections.append(visitor_latest_products)
        registry.health_sections.append(exchanges_section)
        registry.member_activity.append(member_last_posts)
        registry.community_home_sections.extend([community_featured_stories, community_recent_posts])
        registry.digest_providers.extend([new_posts, new_products])
        registry.community_tabs.append((_("Knowledge"), "knowledge:list", "knowledge"))
        registry.community_tabs.append((_("Products"), "products:list", "products"))
        registry.community_tabs.append((_("Stories"), "stories:list", "stories"))
