from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its management commands; it has no models."""

    name = "demo"
    verbose_name = "Demo data and benchmarks"
