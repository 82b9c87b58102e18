"""The folded, stemmed words of a session report, searched on SQLite (knowledge.search_text).
Existing reports are filled in by knowledge's migration 0006, which knows how."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_programmes_in_the_browser")]

    operations = [
        migrations.AddField(
            model_name="sessionreport",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
    ]
