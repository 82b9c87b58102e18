"""Communities, who belongs to them, and how people come in.

Valid states are enforced by the database (constraints below); the rules about who may
change them live in ``communities.permissions`` and the changes in ``communities.services``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from .notifications import DigestFrequency

# Languages a community can work in: wider than the site's own three.
WORKING_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("sw", _("Swahili")),
    ("rw", _("Kinyarwanda")),
    ("wo", _("Wolof")),
]


# When members are reminded of a session, in minutes before it: chosen from a list, never
# typed ("1440,60" reads as a decimal number in French).
REMINDER_OFFSET_CHOICES = [
    (60 * 24 * 7, _("1 week before")),
    (60 * 24, _("1 day before")),
    (60 * 3, _("3 hours before")),
    (60, _("1 hour before")),
    (15, _("15 minutes before")),
]
DEFAULT_REMINDER_OFFSETS = "1440,60"


def validate_reminder_offsets(value):
    allowed = {minutes for minutes, _label in REMINDER_OFFSET_CHOICES}
    try:
        offsets = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        offsets = None
    if offsets is None or not offsets <= allowed:
        # Seen in Django admin only: the site's form offers the choices as boxes to tick.
        raise ValidationError(
            _("Choose reminders among %(choices)s (minutes before the session, separated by commas)."),
            code="invalid_reminder_offsets",
            params={"choices": ", ".join(str(minutes) for minutes, _label in REMINDER_OFFSET_CHOICES)},
        )


class PlatformSettings(models.Model):
    """Site-wide switches that admins change in Django admin (one row)."""

    anyone_can_create_communities = models.BooleanField(
        _("anyone signed in can create communities"),
        default=False,
        help_text=_("Otherwise only platform admins and people with the “can create communities” permission can."),
    )

    class Meta:
        verbose_name = _("platform settings")
        verbose_name_plural = _("platform settings")

    def __str__(self):
        return str(_("Platform settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


class CommunityQuerySet(models.QuerySet):
    """The list forms of ``communities.permissions``' questions about communities."""

    def of_member(self, user):
        """Communities in which the person is an active member."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Membership.objects.active().filter(user=user).values("community_id"))

    def visible_to(self, user):
        """Communities whose content the person may read (``permissions.can_view_community_content``):
        public ones and their own; every one for platform admins."""
        from communities.permissions import is_platform_admin  # the rule lives there; it imports these models

        if is_platform_admin(user):
            return self.all()
        condition = Q(visibility=Community.Visibility.PUBLIC)
        if user.is_authenticated:
            condition |= Q(pk__in=Membership.objects.active().filter(user=user).values("community_id"))
        return self.filter(condition)

    def with_member_count(self):
        return self.annotate(
            member_count=models.Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        )


class Community(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: listed, and its home page is readable by anyone")
        PRIVATE = "private", _("Private: listed by name only, all content for members")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in can join")
        REQUEST = "request", _("On request: a facilitator approves each request")
        INVITATION = "invitation", _("Invitation only")

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=140, unique=True, allow_unicode=True, editable=False)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    themes = TaggableManager(
        verbose_name=_("themes"),
        help_text=_("Separate themes with commas, e.g. agroecology, monitoring and evaluation."),
        blank=True,
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    public_summary = models.TextField(
        _("public summary"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Private communities only: what people outside it may read about it, besides its name. "
            "Empty: outsiders see only the name."
        ),
    )
    charter = models.TextField(
        _("charter"),
        blank=True,
        help_text=_("The rules of the game the members agree on. Markdown is allowed."),
    )
    working_languages = models.CharField(_("working languages"), max_length=100, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    host_organisations = models.CharField(_("host organisations"), max_length=300, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_policy = models.CharField(_("how people join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST)
    ideal_size = models.PositiveSmallIntegerField(
        _("ideal size"), default=10, help_text=_("About ten people is ideal for a community of practice.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Optional. Once full, further requests wait on a waiting list."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FORMING)
    reminder_offsets = models.CharField(
        _("session reminders"),
        max_length=100,
        default=DEFAULT_REMINDER_OFFSETS,
        validators=[validate_reminder_offsets],
        help_text=_("When members who plan to attend are reminded of each session."),
    )
    remind_non_responders = models.BooleanField(
        _("also remind members who have not answered"), default=False
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        permissions = [
            ("create_community", _("Can create communities")),
            # Held through the "Platform admins" group: acts site-wide in the site's pages
            # (every community's facilitator). is_staff alone only opens Django admin.
            ("act_as_platform_admin", _("Acts as platform admin in every community")),
        ]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="community_name_unique_ignoring_case"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="community_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="community_capacity_positive"),
            models.CheckConstraint(condition=Q(ideal_size__gte=2), name="community_ideal_size_at_least_two"),
            models.CheckConstraint(condition=Q(visibility__in=["public", "private"]), name="community_visibility_valid"),
            models.CheckConstraint(condition=Q(join_policy__in=["open", "request", "invitation"]), name="community_join_policy_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["forming", "active", "dormant", "closed"]), name="community_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
        if self.name:
            clash = Community.objects.filter(name__iexact=self.name.strip()).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": _("A community with this name already exists.")})

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def reminder_offset_minutes(self):
        """The chosen offsets in minutes, the earliest reminder first."""
        return sorted({int(part) for part in self.reminder_offsets.split(",") if part.strip().isdigit()}, reverse=True)

    @property
    def working_language_codes(self):
        return [code for code in self.working_languages.split(",") if code]

    def get_working_languages_display(self):
        names = dict(WORKING_LANGUAGES)
        return [names.get(code, code) for code in self.working_language_codes]

    def check_capacity(self, capacity):
        """Refuse a capacity below the number of members: lowering it never pushes anyone out."""
        if capacity is None or self.pk is None:
            return
        count = self.memberships.active().count()
        if capacity < count:
            raise ValidationError(
                ngettext(
                    "This community has %(count)d member; the capacity can’t be lower than that.",
                    "This community has %(count)d members; the capacity can’t be lower than that.",
                    count,
                ),
                code="capacity_below_members",
                params={"count": count},
            )

    # Paths under /communities/ that are pages, not communities.
    RESERVED_SLUGS = {"new", "learning-experience", "interest"}

    @staticmethod
    def make_slug(name):
        """A readable, unique web address, in the name's own script where needed."""
        base = slugify(name, allow_unicode=True)[:120] or "community"
        slug, n = base, 2
        while slug in Community.RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class LearningObjective(models.Model):
    """What the members want to learn together; members propose, facilitators accept."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(_("objective"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["proposed", "accepted", "declined"]), name="objective_status_valid"),
        ]

    def __str__(self):
        return self.text


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def waiting_list(self):
        """Waitlisted people in the order they are promoted: first come, first served."""
        return self.filter(status=Membership.Status.WAITLISTED).order_by(
            models.F("requested_at").asc(nulls_last=True), "pk"
        )

    def facilitators(self):
        return self.active().filter(role=Membership.Role.FACILITATOR)


class Membership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        WAITLISTED = "waitlisted", _("On the waiting list")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    request_message = models.TextField(_("message with the request"), blank=True, max_length=2000)
    decision_message = models.TextField(_("message with the decision"), blank=True, max_length=2000)
    removal_reason = models.TextField(_("reason for removal"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    digest_frequency = models.CharField(
        _("digest"),
        max_length=10,
        blank=True,
        choices=[choice for choice in DigestFrequency.choices if choice[0] != DigestFrequency.AUTO],
        help_text=_("Empty: the person’s default."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="membership_one_per_person_and_community"),
            models.CheckConstraint(condition=Q(role__in=["facilitator", "member"]), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "waitlisted", "active", "declined", "left", "removed"]),
                name="membership_status_valid",
            ),
            # Only active members facilitate.
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="active"), name="membership_facilitator_is_active"
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(joined_at__isnull=False), name="membership_active_has_joined_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="removed") | ~Q(removal_reason=""), name="membership_removed_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "removed"]) | Q(decided_at__isnull=False),
                name="membership_decision_has_decided_at",
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "role"])]

    def __str__(self):
        return f"{self.user} · {self.community} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self):
        return self.is_active and self.role == self.Role.FACILITATOR


class MembershipChange(models.Model):
    """The record of every role or status change: who, when, from → to."""

    class Field(models.TextChoices):
        ROLE = "role", _("role")
        STATUS = "status", _("status")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("what changed"), max_length=10, choices=Field.choices)
    old_value = models.CharField(_("from"), max_length=20, blank=True)
    new_value = models.CharField(_("to"), max_length=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), default=now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.membership}: {self.field} {self.old_value or '∅'} → {self.new_value}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), default=now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # From the facilitator's list: suggestions on the invitee's sign-up form, never
    # applied to an existing account.
    name = models.CharField(_("name"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "community", Lower("email"), condition=Q(status="pending"), name="invitation_one_pending_per_address"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined", "expired", "revoked"]),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_sent"),
        ]

    def __str__(self):
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self):
        return self.status == self.Status.PENDING and self.expires_at > now()


class Interest(models.Model):
    """A visitor following a public community by e-mail ("Keep me posted"), once they have
    confirmed their address: told when a forming community opens and of its public news."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="interests")
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, default="en")
    created_at = models.DateTimeField(_("registered"), default=now)
    confirmed_at = models.DateTimeField(
        _("confirmed"), null=True, blank=True, help_text=_("Nothing but the confirmation e-mail is sent before this.")
    )
    notified_at = models.DateTimeField(_("told it opened"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint("community", Lower("email"), name="interest_one_per_address"),
        ]

    def __str__(self):
        return f"{self.email} → {self.community}"


class LearningExperienceRequest(models.Model):
    """An organisation asking to run a learning experience for its own team."""

    organisation = models.CharField(_("organisation or group"), max_length=200)
    contact_name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("email address"))
    experience_name = models.CharField(
        _("name of the learning experience"), max_length=200, help_text=_("e.g. Community of practice on monitoring and evaluation")
    )
    team_size = models.PositiveSmallIntegerField(_("number of participants"), null=True, blank=True)
    countries = models.CharField(_("countries of the participants"), max_length=300, blank=True)
    message = models.TextField(_("what you hope for"), max_length=4000)
    created_at = models.DateTimeField(_("received"), default=now)
    language = models.CharField(_("language"), max_length=8, default="en")
    is_handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("learning experience request")
        verbose_name_plural = _("learning experience requests")
        ordering = ["is_handled", "-created_at"]

    def __str__(self):
        return f"{self.organisation}: {self.experience_name}"


class CommunityStartRequest(models.Model):
    """Someone asking the platform admins for the right to start communities ("I would like
    to run a community"). Granting puts them in the Facilitators group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="start_requests"
    )
    community_name = models.CharField(
        _("the community you would like to run"), max_length=200,
        help_text=_("A working name, e.g. Agroecology practitioners of the Sahel"),
    )
    message = models.TextField(
        _("who it is for and why"), max_length=2000,
        help_text=_("Its domain, who would take part, and your experience of facilitating (a few lines)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), default=now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason given"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("request to run a community")
        verbose_name_plural = _("requests to run a community")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["requester"], condition=Q(status="pending"), name="start_request_one_open_per_person"),
            models.CheckConstraint(condition=Q(status__in=["pending", "granted", "declined"]), name="start_request_status_valid"),
        ]

    def __str__(self):
        return f"{self.requester} → {self.community_name}"

    def get_absolute_url(self):
        return reverse("communities:start-request", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
