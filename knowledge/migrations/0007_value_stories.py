"""Value-creation stories: what taking part created for members, by the cycles of Wenger,
Trayner and de Laat, linked to the sessions, posts and products that helped; reports to
the moderators may now be about a story. On PostgreSQL, a GIN index on the stories'
search vectors, as on the other searchable tables (knowledge 0004)."""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_valuestory_search_gin ON knowledge_valuestory USING GIN (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_valuestory_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_search_on_sqlite"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ValueStory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("body", models.TextField(help_text="Markdown is allowed.", verbose_name="story")),
                (
                    "cycle",
                    models.CharField(
                        choices=[
                            ("immediate", "Immediate value"),
                            ("potential", "Potential value"),
                            ("applied", "Applied value"),
                            ("realized", "Realized value"),
                            ("transformative", "Transformative value"),
                        ],
                        max_length=16,
                        verbose_name="value cycle",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French"), ("ar", "Arabic"), ("other", "Other")],
                        default="en",
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                ("is_featured", models.BooleanField(default=False, verbose_name="featured on the community home")),
                ("featured_at", models.DateTimeField(blank=True, null=True, verbose_name="featured")),
                ("is_hidden", models.BooleanField(default=False, verbose_name="hidden")),
                ("hidden_note", models.TextField(blank=True, verbose_name="why it was hidden")),
                (
                    "created_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="written"),
                ),
                ("edited_at", models.DateTimeField(blank=True, null=True, verbose_name="edited")),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="value_stories",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="value_stories",
                        to="communities.community",
                        verbose_name="community",
                    ),
                ),
                (
                    "featured_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "hidden_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "posts",
                    models.ManyToManyField(
                        blank=True, related_name="value_stories", to="knowledge.post", verbose_name="posts that helped"
                    ),
                ),
                (
                    "products",
                    models.ManyToManyField(
                        blank=True,
                        related_name="value_stories",
                        to="knowledge.capitalizationproduct",
                        verbose_name="products that helped",
                    ),
                ),
                (
                    "sessions",
                    models.ManyToManyField(
                        blank=True,
                        related_name="value_stories",
                        to="meetings.session",
                        verbose_name="sessions that helped",
                    ),
                ),
            ],
            options={
                "verbose_name": "value-creation story",
                "verbose_name_plural": "value-creation stories",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["community", "-created_at"], name="knowledge_v_communi_6e619d_idx"),
                    models.Index(fields=["community", "cycle"], name="knowledge_v_communi_f472d9_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("cycle__in", ["immediate", "potential", "applied", "realized", "transformative"])
                        ),
                        name="story_cycle_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["en", "fr", "ar", "other"])), name="story_language_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("is_hidden", False), models.Q(("hidden_note", ""), _negated=True), _connector="OR"
                        ),
                        name="story_hidden_has_note",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("is_hidden", False), ("is_featured", False), _connector="OR"),
                        name="story_hidden_not_featured",
                    ),
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="contentreport", name="report_about_a_post_or_a_reply"),
        migrations.AddField(
            model_name="contentreport",
            name="story",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="knowledge.valuestory",
            ),
        ),
        migrations.AddConstraint(
            model_name="contentreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("post__isnull", False), ("reply__isnull", True), ("story__isnull", True)),
                    models.Q(("post__isnull", True), ("reply__isnull", False), ("story__isnull", True)),
                    models.Q(("post__isnull", True), ("reply__isnull", True), ("story__isnull", False)),
                    _connector="OR",
                ),
                name="report_about_one_thing",
            ),
        ),
        migrations.RunPython(gin_index, drop_gin_index),
    ]
