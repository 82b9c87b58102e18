"""Programmes in the browser: managers, phases, a session's phase, invitations into a programme.

Existing programmes keep their communities and sessions (the communities relation is
unchanged); they start without managers, so platform admins run them until they add some.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_session_announced_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="created_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="created by",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="managers",
            field=models.ManyToManyField(
                blank=True, related_name="managed_programmes", to=settings.AUTH_USER_MODEL, verbose_name="managers"
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="communities",
            field=models.ManyToManyField(
                blank=True, related_name="programmes", to="communities.community", verbose_name="communities"
            ),
        ),
        migrations.CreateModel(
            name="Phase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="Phases are listed from the smallest number up.", verbose_name="position"
                    ),
                ),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="from")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="until")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="phases", to="meetings.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "phase",
                "verbose_name_plural": "phases",
                "ordering": ["order", models.OrderBy(models.F("starts_on"), nulls_last=True), "pk"],
            },
        ),
        migrations.AddField(
            model_name="session",
            name="phase",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="sessions",
                to="meetings.phase", verbose_name="phase",
            ),
        ),
        migrations.CreateModel(
            name="ProgrammeInvitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "Waiting for an answer"), ("accepted", "Accepted"), ("declined", "Declined")],
                        default="pending", max_length=10, verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="programme_invitations",
                        to="communities.community", verbose_name="community",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                        to=settings.AUTH_USER_MODEL, verbose_name="answered by",
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                        to=settings.AUTH_USER_MODEL, verbose_name="invited by",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="meetings.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitation into a programme",
                "verbose_name_plural": "invitations into a programme",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="phase",
            constraint=models.UniqueConstraint(
                models.F("programme"), django.db.models.functions.text.Lower("name"), name="phase_name_unique_in_programme"
            ),
        ),
        migrations.AddConstraint(
            model_name="phase",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__isnull", True), ("starts_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"),
                name="phase_ends_after_it_starts",
            ),
        ),
        migrations.AddConstraint(
            model_name="programmeinvitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")), fields=("programme", "community"), name="programmeinvitation_one_pending"
            ),
        ),
        migrations.AddConstraint(
            model_name="programmeinvitation",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "accepted", "declined"])), name="programmeinvitation_status_valid"
            ),
        ),
    ]
