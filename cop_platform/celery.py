"""The Celery app, configured from Django settings (names prefixed ``CELERY_``).

Periodic work is declared here, in code: each entry is one sweep that sends what is
due at the moment it runs, so restarts and rescheduling never lose or double work.
"""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings")

app = Celery("cop_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "send-due-reminders": {
        "task": "sessions.tasks.send_due_reminders",
        "schedule": crontab(minute="*"),
    },
    "send-stalled-emails": {
        "task": "communities.tasks.send_stalled_emails",
        "schedule": crontab(minute="*"),
    },
    # Every quarter of an hour, so zones a half or three quarters off UTC get theirs at 08:00 too.
    "send-due-digests": {
        "task": "communities.tasks.send_due_digests",
        "schedule": crontab(minute="*/15"),
    },
    "prune-old-notifications": {
        "task": "communities.tasks.prune_old_notifications",
        "schedule": crontab(minute=17, hour=3),
    },
}


@app.on_after_configure.connect
def make_queue_folder(sender, **kwargs):
    """The filesystem broker of the embedded default needs its folder to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
