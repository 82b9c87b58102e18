"""When members were last told a session's time: reminders due before then are not sent.

Existing sessions take their last change (rescheduled ones) or their creation.
"""

import django.utils.timezone
from django.db import migrations, models


def from_history(apps, schema_editor):
    Session = apps.get_model("meetings", "Session")
    Session.objects.filter(sequence=0).update(announced_at=models.F("created_at"))
    Session.objects.filter(sequence__gt=0).update(announced_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_report_search_vector")]

    operations = [
        migrations.AddField(
            model_name="session",
            name="announced_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="members last told its time"),
        ),
        migrations.RunPython(from_history, migrations.RunPython.noop),
    ]
