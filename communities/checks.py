"""System checks of what the apps declared in ``communities.registry``."""

from django.core import checks

from . import registry


@checks.register()
def check_notification_declarations(app_configs=None, **kwargs):
    """Every kind files its email under a declared topic, and every topic switches at least one kind."""
    errors = []
    for spec in registry.notification_kinds.values():
        if spec.topic is not None and spec.topic not in registry.email_topics:
            errors.append(
                checks.Error(
                    f"Notification kind {spec.value!r} names the email topic {spec.topic!r}, which no app declares.",
                    hint="Declare it with communities.registry.email_topic() in an AppConfig.ready().",
                    id="communities.E001",
                )
            )
    used = {spec.topic for spec in registry.notification_kinds.values()}
    for key in registry.email_topics:
        if key not in used:
            errors.append(
                checks.Warning(
                    f"The email topic {key!r} switches no notification kind: its line on the settings page does nothing.",
                    id="communities.W001",
                )
            )
    return errors
