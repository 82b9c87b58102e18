from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = _("Communities and people")

    def ready(self):
        from . import checks, registry, signals  # noqa: F401 - registers the checks, connects the receivers
        from .dashboard import members_section
        from .digests import register as register_digest
        from .notifications import register as register_notifications

        register_notifications()
        register_digest()
        registry.health_sections.append(members_section)
