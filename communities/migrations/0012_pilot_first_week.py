import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "Facilitators"


def create_facilitators_group(apps, schema_editor):
    """The group that may start communities, so admins need not hunt for the permission."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="communities", codename="create_community"))


def remove_facilitators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


def confirm_existing_interest(apps, schema_editor):
    """Followers from before the confirmation e-mail asked under the old rules: keep them."""
    Interest = apps.get_model("communities", "Interest")
    for interest in Interest.objects.filter(confirmed_at__isnull=True).only("created_at"):
        Interest.objects.filter(pk=interest.pk).update(confirmed_at=interest.created_at)


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("communities", "0011_invitation_details"),
    ]

    operations = [
        migrations.RunPython(create_facilitators_group, remove_facilitators_group),
        migrations.AddField(
            model_name='interest',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, help_text='Nothing but the confirmation e-mail is sent before this.', null=True, verbose_name='confirmed'),
        ),
        migrations.RunPython(confirm_existing_interest, migrations.RunPython.noop),
        migrations.AddField(
            model_name='learningexperiencerequest',
            name='language',
            field=models.CharField(default='en', max_length=8, verbose_name='language'),
        ),
        migrations.CreateModel(
            name='CommunityStartRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('community_name', models.CharField(help_text='A working name, e.g. Agroecology practitioners of the Sahel', max_length=200, verbose_name='the community you would like to run')),
                ('message', models.TextField(help_text='Its domain, who would take part, and your experience of facilitating (a few lines).', max_length=2000, verbose_name='who it is for and why')),
                ('status', models.CharField(choices=[('pending', 'Waiting for an answer'), ('granted', 'Granted'), ('declined', 'Declined')], default='pending', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('reason', models.TextField(blank=True, max_length=2000, verbose_name='reason given')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('requester', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='start_requests', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'request to run a community',
                'verbose_name_plural': 'requests to run a community',
                'ordering': ['-created_at'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('requester',), name='start_request_one_open_per_person'), models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'granted', 'declined'])), name='start_request_status_valid')],
            },
        ),
    ]
