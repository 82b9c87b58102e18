"""People: the custom user model, with the profile fields members see."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from .notifications import DigestFrequency


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def active_members_of(self, community):
        """The people who are active members of the community (``permissions.is_active_member``)."""
        return self.filter(memberships__community=community, memberships__status="active")

    def platform_admins(self):
        """Active people ``permissions.is_platform_admin`` says yes to: staff holding the
        platform-admin permission (through a group or themselves), or superusers."""
        app_label, codename = "communities", "act_as_platform_admin"
        holds = (
            models.Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
            | models.Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
        )
        return self.filter(is_active=True, is_staff=True).filter(models.Q(is_superuser=True) | holds).distinct()

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform: a practitioner, a facilitator or an admin."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=100, help_text=_("How other members see you.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Times on the site and in emails are shown in this zone."),
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = TaggableManager(
        verbose_name=_("areas of expertise"),
        help_text=_("Separate areas with commas, e.g. agroecology, monitoring and evaluation."),
        blank=True,
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the person can sign in to the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=now)
    # When the person last used the site (kept to the hour): digests only bring what is new since.
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    # Set when mail to the address bounced for good (or an admin says so); cleared when the
    # person confirms the address again. Until then the platform sends them no mail.
    email_bounced_at = models.DateTimeField(_("address bounced"), null=True, blank=True)
    digest_frequency = models.CharField(
        _("digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.AUTO,
        help_text=_("How often to receive a summary of what is new in your communities."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_supported",
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)
