"""Full-text search on PostgreSQL: unaccent, accent-insensitive English and French
configurations, and GIN indexes on the stored search vectors.

Other databases (the embedded SQLite default) skip this: search falls back to a simpler
match there (knowledge.search).
"""

from django.db import migrations

TABLES = ["knowledge_post", "knowledge_reply", "knowledge_capitalizationproduct", "meetings_sessionreport"]

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *[
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
                CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base});
                ALTER TEXT SEARCH CONFIGURATION {name}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem;
            END IF;
        END $$"""
        for name, base in (("en_unaccent", "english"), ("fr_unaccent", "french"))
    ],
    *[f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING GIN (search_vector)" for table in TABLES],
]
BACKWARD = [
    *[f"DROP INDEX IF EXISTS {table}_search_gin" for table in TABLES],
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS en_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_search_vectors"),
        ("meetings", "0003_report_search_vector"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
