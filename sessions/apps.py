from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions"
    # "sessions" belongs to django.contrib.sessions; this label is used everywhere:
    # makemigrations meetings, tables meetings_*, templates meetings/...
    label = "meetings"
    verbose_name = _("Sessions")

    def ready(self):
        from communities import registry

        from .blocks import (
            community_programmes,
            community_recent_reports,
            community_upcoming_sessions,
            dashboard_upcoming_sessions,
            member_last_attendance,
            visitor_open_sessions,
        )
        from .digest import upcoming_sessions
        from .health import sessions_section
        from .notifications import register as register_notifications
        from .services import rsvps_withdraw

        register_notifications()

        registry.dashboard_sections.append(dashboard_upcoming_sessions)
        registry.visitor_home_sections.append(visitor_open_sessions)
        registry.health_sections.append(sessions_section)
        registry.member_activity.append(member_last_attendance)
        registry.community_home_sections.append(community_upcoming_sessions)
        registry.community_home_sections.append(community_programmes)
        registry.community_home_sections.append(community_recent_reports)
        registry.community_tabs.append((_("Sessions"), "meetings:list", "meetings"))
        registry.digest_providers.append(upcoming_sessions)
        registry.membership_ended.append(rsvps_withdraw)
