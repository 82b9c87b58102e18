"""Sessions (meetings) of communities, their RSVPs, programmes and calendar feeds.

Times are stored in UTC; each session also keeps the time zone it was planned in, so
its local time can be shown beside the reader's and kept across DST changes.
"""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from communities.models import Community, validate_time_zone


class ProgrammeQuerySet(models.QuerySet):
    """The list form of ``sessions.permissions.can_view_programme``."""

    def visible_to(self, user):
        """Programmes with a community whose content the person may read, and those they
        manage; every one for platform admins."""
        from communities.permissions import is_platform_admin  # the rule lives there; it imports the models

        if is_platform_admin(user):
            return self.all()
        through = Programme.communities.through.objects.filter(community__in=Community.objects.visible_to(user))
        condition = Q(pk__in=through.values("programme_id"))
        if user.is_authenticated:
            condition |= Q(pk__in=Programme.managers.through.objects.filter(user=user).values("programme_id"))
        return self.filter(condition)


class Programme(models.Model):
    """Sessions of one or several communities that belong together, e.g. five virtual
    sessions, then a face-to-face week in Thiès.

    Its managers run it: they edit it, add its phases and its communities. A community
    joins only with its facilitators' consent: a manager who facilitates it adds it, others
    invite it (``ProgrammeInvitation``) and one of its facilitators accepts.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("communities"), blank=True, related_name="programmes"
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("managers"), blank=True, related_name="managed_programmes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=now)

    objects = ProgrammeQuerySet.as_manager()

    # Paths under /programmes/ that are pages, not programmes.
    RESERVED_SLUGS = {"new"}

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.slug])

    @staticmethod
    def make_slug(name):
        """A readable, unique web address, in the name's own script where needed."""
        base = slugify(name, allow_unicode=True)[:190] or "programme"
        slug, n = base, 2
        while slug in Programme.RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class Phase(models.Model):
    """A part of a programme that groups its sessions: "Virtual sessions", then
    "Face-to-face week in Thiès". Shown in ``order``, then by date."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Phases are listed from the smallest number up.")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order", models.F("starts_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(models.F("programme"), Lower("name"), name="phase_name_unique_in_programme"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
        if self.name and self.programme_id:
            clash = Phase.objects.filter(programme_id=self.programme_id, name__iexact=self.name.strip()).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": _("This programme already has a phase with this name.")})


class ProgrammeInvitation(models.Model):
    """A manager asks a community they don't facilitate to join a programme; one of its
    facilitators accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="invitations"
    )
    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE, related_name="programme_invitations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation into a programme")
        verbose_name_plural = _("invitations into a programme")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "community"], condition=Q(status="pending"), name="programmeinvitation_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined"]), name="programmeinvitation_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.community} → {self.programme} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("programmes:invitation", args=[self.programme.slug, self.pk])

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class Recurrence(models.Model):
    """A rule that made a series of sessions; each occurrence is its own ``Session``."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month, on the same weekday (e.g. the second Tuesday)")

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="recurrences")
    frequency = models.CharField(_("repeat"), max_length=10, choices=Frequency.choices)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of sessions"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)

    MAX_OCCURRENCES = 52

    class Meta:
        verbose_name = _("recurrence")
        verbose_name_plural = _("recurrences")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=False) | Q(count__isnull=False), name="recurrence_ends_by_date_or_count"
            ),
            models.CheckConstraint(condition=Q(count__isnull=True) | Q(count__lte=52), name="recurrence_at_most_52"),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} ({self.community})"


class SessionQuerySet(models.QuerySet):
    def upcoming(self, moment=None):
        return self.filter(ends_at__gte=moment or now()).exclude(status=Session.Status.CANCELLED).order_by("starts_at")

    def past(self, moment=None):
        return self.filter(ends_at__lt=moment or now()).order_by("-starts_at")


class Session(models.Model):
    class Format(models.TextChoices):
        VIRTUAL = "virtual", _("Virtual")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Technique(models.TextChoices):
        EXPERIENCE_SHARING = "experience_sharing", _("Experience sharing")
        CO_DEVELOPMENT = "co_development", _("Co-development")
        BRAINSTORMING = "brainstorming", _("Brainstorming")
        WORLD_CAFE = "world_cafe", _("World café")
        PEER_ASSIST = "peer_assist", _("Peer assist")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE, related_name="sessions"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    # Within its programme: a phase of another programme is refused by clean().
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    recurrence = models.ForeignKey(
        Recurrence, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    guiding_question = models.CharField(
        _("guiding question"), max_length=300, blank=True, help_text=_("The question the session works on.")
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown is allowed."))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.VIRTUAL)
    technique = models.CharField(_("technique"), max_length=20, choices=Technique.choices, default=Technique.EXPERIENCE_SHARING)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    video_link = models.URLField(_("video-call link"), max_length=500, blank=True, help_text=_("Shown to members only."))
    venue = models.CharField(_("venue"), max_length=300, blank=True, help_text=_("e.g. Thiès, Senegal"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Optional. Beyond it, people wait on a waiting list.")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitators"), blank=True, related_name="facilitated_sessions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # RFC 5545 SEQUENCE: grows on every change calendars must pick up.
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    # When members were last sent its time (the new-session or change e-mail): reminders
    # that fell due before then are not sent, that e-mail was the reminder.
    announced_at = models.DateTimeField(_("members last told its time"), default=now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["community", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(condition=Q(status__in=["scheduled", "cancelled", "done"]), name="session_status_valid"),
            models.CheckConstraint(condition=Q(format__in=["virtual", "in_person", "hybrid"]), name="session_format_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.community.slug, self.pk])

    def clean(self):
        super().clean()
        if self.phase_id is not None and self.phase.programme_id != self.programme_id:
            raise ValidationError({"phase": _("This phase belongs to another programme.")})
        if (
            self.programme_id is not None
            and self.community_id is not None
            and not self.programme.communities.filter(pk=self.community_id).exists()
        ):
            raise ValidationError({"programme": _("This community is not part of that programme.")})

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self):
        return self.starts_at <= now()

    @property
    def is_past(self):
        return self.ends_at < now()


class Rsvp(models.Model):
    class Response(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="rsvps")
    response = models.CharField(_("answer"), max_length=10, choices=Response.choices)
    # "Going" beyond capacity waits here, first come first served.
    is_waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    created_at = models.DateTimeField(_("answered"), default=now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="rsvp_one_per_person_and_session"),
            models.CheckConstraint(condition=Q(response__in=["going", "maybe", "not_going"]), name="rsvp_response_valid"),
            models.CheckConstraint(condition=Q(is_waitlisted=False) | Q(response="going"), name="rsvp_only_going_waits"),
        ]

    def __str__(self):
        return f"{self.user} · {self.session}: {self.get_response_display()}"


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret, revocable address for all the sessions of their communities."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True), name="calendarfeed_one_active_per_person"),
        ]

    def __str__(self):
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"

    def get_absolute_url(self):
        return reverse("calendar:feed", args=[self.token])


class Reminder(models.Model):
    """The claim on one reminder: made before sending, so nothing is ever sent twice.

    Keyed by person, session, offset and the session's SEQUENCE: rescheduling re-arms the
    reminders still to fall due, a retried sweep finds the claim and moves on. A claim left
    "sending" for over ten minutes (a worker died mid-send) is flagged in the admin, never
    re-sent.
    """

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the session")
        CLOSE = "close", _("Close the session (to facilitators)")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Handed to the mail service")
        SKIPPED = "skipped", _("Skipped (a later reminder was due)")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BEFORE)
    offset_minutes = models.PositiveIntegerField(_("minutes before"))
    sequence = models.PositiveIntegerField(_("session revision"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    claimed_at = models.DateTimeField(_("claimed"), default=now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    STUCK_AFTER_MINUTES = 10

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session", "kind", "offset_minutes", "sequence"], name="reminder_claimed_once"
            ),
            models.CheckConstraint(condition=Q(status__in=["sending", "sent", "skipped"]), name="reminder_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self):
        return f"{self.session} → {self.user} ({self.offset_minutes} min, rev. {self.sequence})"

    @property
    def is_stuck(self):
        return self.status == self.Status.SENDING and self.claimed_at < now() - timedelta(minutes=self.STUCK_AFTER_MINUTES)


class SessionReport(models.Model):
    """What the facilitator writes after a session (the seeds' *compte-rendu*)."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    key_points = models.TextField(_("key points"), blank=True, help_text=_("Markdown is allowed."))
    lessons = models.TextField(_("lessons learned"), blank=True, help_text=_("Markdown is allowed."))
    decisions = models.TextField(_("decisions and actions"), blank=True, help_text=_("Markdown is allowed."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")  # see knowledge.search_text

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.session)

    def get_absolute_url(self):
        return self.session.get_absolute_url()


class Attendance(models.Model):
    """Who was there, as recorded by a facilitator when closing the session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_person")]

    def __str__(self):
        return f"{self.user} @ {self.session}"


class SessionFeedback(models.Model):
    """What one attendee says of a closed session: how useful it was, what they learned and
    will apply, which of the community's objectives or themes it strengthened.

    One answer per person and session, changed for ``EDITABLE_FOR`` after it was given.
    ``is_anonymous`` hides the author from the facilitators everywhere (pages, CSV, admin
    lists of staff who are not superusers); facilitators see the answers of a session only
    once ``SMALL_GROUP`` people answered, before that only their number.
    """

    class Usefulness(models.IntegerChoices):
        NOT_USEFUL = 1, _("1 · Not useful")
        A_LITTLE = 2, _("2 · A little useful")
        USEFUL = 3, _("3 · Useful")
        VERY = 4, _("4 · Very useful")
        EXTREMELY = 5, _("5 · Extremely useful")

    EDITABLE_FOR = timedelta(days=7)
    SMALL_GROUP = 3  # below this many answers, facilitators see only the count
    TEXT_MAX_LENGTH = 2000

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="session_feedback"
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), choices=Usefulness.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    learned = models.TextField(_("what I learned"), max_length=TEXT_MAX_LENGTH, blank=True)
    will_apply = models.TextField(_("what I will apply"), max_length=TEXT_MAX_LENGTH, blank=True)
    objectives = models.ManyToManyField(
        "communities.LearningObjective", verbose_name=_("learning objectives it strengthened"), blank=True,
        related_name="+",
    )
    themes = models.ManyToManyField("taggit.Tag", verbose_name=_("themes it strengthened"), blank=True, related_name="+")
    is_anonymous = models.BooleanField(
        _("anonymous to the facilitators"), default=False,
        help_text=_("The facilitators read your answer without your name."),
    )
    created_at = models.DateTimeField(_("given"), default=now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="sessionfeedback_one_per_person_and_session"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="sessionfeedback_usefulness_1_to_5"),
        ]

    def __str__(self):
        # Shown in admin titles, history and deletion pages: never the author of an anonymous answer.
        if self.is_anonymous:
            return _("Feedback on “%(session)s” (anonymous)") % {"session": self.session}
        return _("Feedback on “%(session)s” by %(person)s") % {"session": self.session, "person": self.user}

    @property
    def editable_until(self):
        return self.created_at + self.EDITABLE_FOR

    @property
    def is_editable(self):
        from django.utils import timezone  # looked up on each call, so a test's clock applies

        return timezone.now() < self.editable_until
