"""Accent- and plural-tolerant search on SQLite: a ``search_text`` column (folded,
stemmed words) on every searchable row, filled here for the rows that already exist and
kept in step on save afterwards (knowledge.search)."""

from django.db import migrations, models

from knowledge.search_text import index_text

BATCH = 500

# The searchable models as they are at this migration: (title fields, other fields).
# knowledge.search_text.FIELDS may grow later (value stories: knowledge 0007, made empty).
TEXT_FIELDS = {
    "knowledge.post": (["title"], ["body", "context", "what_was_done", "what_happened", "lessons"]),
    "knowledge.reply": ([], ["body"]),
    "knowledge.capitalizationproduct": (
        ["title"],
        ["summary", "lessons", "recommendations", "context", "actors", "process", "results", "replication"],
    ),
    "meetings.sessionreport": ([], ["key_points", "lessons", "decisions"]),
}


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    for label, (title_fields, other_fields) in TEXT_FIELDS.items():
        model = apps.get_model(label)
        batch = []
        for row in model.objects.using(alias).only("pk", *title_fields, *other_fields).iterator(chunk_size=BATCH):
            row.search_text = index_text(
                [getattr(row, name) or "" for name in title_fields], [getattr(row, name) or "" for name in other_fields]
            )
            batch.append(row)
            if len(batch) == BATCH:
                model.objects.using(alias).bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.using(alias).bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_revision_redaction"),
        ("meetings", "0006_search_on_sqlite"),
    ]

    operations = [
        migrations.AddField(
            model_name="capitalizationproduct",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="reply",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
