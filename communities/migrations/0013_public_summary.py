from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0012_pilot_first_week")]

    operations = [
        migrations.AddField(
            model_name='community',
            name='public_summary',
            field=models.TextField(blank=True, help_text='Private communities only: what people outside it may read about it, besides its name. Empty: outsiders see only the name.', max_length=1000, verbose_name='public summary'),
        ),
    ]
