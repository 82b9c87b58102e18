import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0010_reminder_offset_choices")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="organisation",
            field=models.CharField(blank=True, max_length=200, verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="country",
            field=django_countries.fields.CountryField(blank=True, max_length=2, verbose_name="country"),
        ),
    ]
