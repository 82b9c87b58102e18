"""Session reminders are chosen from a list: typed minutes move to the nearest choices.

"1440,60" stays a day and an hour before; 90 minutes becomes an hour, two days a day,
ten days a week. Two typed values that land on the same choice count once; a value
halfway between two choices goes to the earlier reminder (better early than too late).
Going back keeps the choices: they are valid minutes for the old field too.
"""

from django.db import migrations, models

import communities.models.community

# The choices as they are at this migration (the model's list may change later).
CHOICES = (60 * 24 * 7, 60 * 24, 60 * 3, 60, 15)
DEFAULT = "1440,60"


def nearest_choices(value):
    """Typed minutes to choices: "90" → "60", "2880,1500" → "1440"; nothing usable → the default."""
    chosen = set()
    for part in (value or "").replace(";", ",").split(","):
        try:
            minutes = int(part.strip())
        except ValueError:
            continue
        if minutes <= 0:
            continue
        # Ties go to the larger offset: CHOICES is in decreasing order and min() keeps the first.
        chosen.add(min(CHOICES, key=lambda choice: abs(choice - minutes)))
    return ",".join(str(minutes) for minutes in sorted(chosen, reverse=True)) or DEFAULT


def to_choices(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    for community in Community.objects.only("pk", "reminder_offsets").iterator():
        mapped = nearest_choices(community.reminder_offsets)
        if mapped != community.reminder_offsets:
            Community.objects.filter(pk=community.pk).update(reminder_offsets=mapped)


class Migration(migrations.Migration):
    dependencies = [("communities", "0009_notification_kinds_from_registry")]

    operations = [
        migrations.AlterField(
            model_name="community",
            name="reminder_offsets",
            field=models.CharField(
                default="1440,60",
                help_text="When members who plan to attend are reminded of each session.",
                max_length=100,
                validators=[communities.models.community.validate_reminder_offsets],
                verbose_name="session reminders",
            ),
        ),
        migrations.RunPython(to_choices, migrations.RunPython.noop),
    ]
