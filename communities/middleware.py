"""Request middleware: the health check, and each person's language and time zone."""

import zoneinfo

from django.utils import timezone, translation

from .health import healthz_response


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation and the HTTPS redirect.

    Load balancers probe backends by IP over plain HTTP; neither should turn the probe
    into a 400 or a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz_response()
        return self.get_response(request)


class PersonPreferencesMiddleware:
    """Show the site in the signed-in person's language and time zone.

    Visitors get the language LocaleMiddleware chose (cookie, then browser) and times
    in the site's zone, named on the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
