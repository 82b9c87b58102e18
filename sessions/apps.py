from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions"
    # "sessions" belongs to django.contrib.sessions; this label is used everywhere:
    # makemigrations meetings, tables meetings_*, templates meetings/...
    label = "meetings"
    verbose_name = _("Sessions")
