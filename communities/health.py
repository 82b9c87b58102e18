"""Is this instance able to serve? Database and broker reachability, for /healthz."""

import logging

from celery import current_app as celery_app  # the project's app (cop_platform/__init__.py makes it current)
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not healthy"; the log says which
        logger.warning("Health check: database unreachable: %r", error)
        return False


def broker_is_reachable():
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception as error:
        logger.warning("Health check: broker unreachable: %r", error)
        return False


def healthz_response():
    checks = {
        "database": "ok" if database_is_reachable() else "unavailable",
        "broker": "ok" if broker_is_reachable() else "unavailable",
    }
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
