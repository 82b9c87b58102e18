"""Session feedback: one answer per attendee and session (usefulness 1–5, what they learned and
will apply, the objectives and themes it strengthened), optionally anonymous to facilitators."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_search_on_sqlite"),
        ("communities", "0002_communities_membership_notifications_attachments"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SessionFeedback",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "usefulness",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "1 · Not useful"), (2, "2 · A little useful"), (3, "3 · Useful"), (4, "4 · Very useful"),
                            (5, "5 · Extremely useful"),
                        ],
                        validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)],
                        verbose_name="usefulness",
                    ),
                ),
                ("learned", models.TextField(blank=True, max_length=2000, verbose_name="what I learned")),
                ("will_apply", models.TextField(blank=True, max_length=2000, verbose_name="what I will apply")),
                (
                    "is_anonymous",
                    models.BooleanField(
                        default=False, help_text="The facilitators read your answer without your name.",
                        verbose_name="anonymous to the facilitators",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="given")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed")),
                (
                    "objectives",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="communities.learningobjective",
                        verbose_name="learning objectives it strengthened",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="feedback", to="meetings.session",
                        verbose_name="session",
                    ),
                ),
                (
                    "themes",
                    models.ManyToManyField(blank=True, related_name="+", to="taggit.tag", verbose_name="themes it strengthened"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="session_feedback",
                        to=settings.AUTH_USER_MODEL, verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "session feedback",
                "verbose_name_plural": "session feedback",
                "ordering": ["session", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("session", "user"), name="sessionfeedback_one_per_person_and_session"),
                    models.CheckConstraint(
                        condition=models.Q(("usefulness__gte", 1), ("usefulness__lte", 5)),
                        name="sessionfeedback_usefulness_1_to_5",
                    ),
                ],
            },
        ),
    ]
