"""Celery entry points of the sessions app."""

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .reminders import reminders_send_due


@shared_task
def send_due_reminders(now=None):
    """Beat calls this every minute; tests and operators may pass an ISO ``now``."""
    return reminders_send_due(now=parse_datetime(now) if now else timezone.now())
