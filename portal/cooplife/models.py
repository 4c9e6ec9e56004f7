"""Cooperative life (DESIGN §10): news of the Smart team and events members sign up for.

Who publishes for whom: a news item or event belongs to one entity, or to all entities when ``entity``
is empty. Staff create, change and delete those of the entities in which they hold the staff role;
one for *all* entities only a login that is staff in every entity, or a superuser (the admin role),
since it speaks for every entity at once. Every staff member reads those for all entities.

Members read what belongs to an entity they are a member of, and everything for all entities.
"""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel

TITLE_LENGTH = 200
TEXT_LENGTH = 20_000
PLACE_LENGTH = 300
URL_LENGTH = 500


def in_language(german: str, english: str) -> str:
    """The text in the active language, the other language's when that one is empty."""
    german_first = (get_language() or settings.LANGUAGE_CODE).startswith("de")
    first, second = (german, english) if german_first else (english, german)
    return first or second


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class News(TimeStampedModel):
    """A news item of the Smart team, visible to members from ``published_at`` on once published
    (a later ``published_at`` schedules it). Plain text: shown escaped, line breaks kept."""

    Status = NewsStatus

    entity = models.ForeignKey(
        "entities.IssuingEntity",
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: for all entities."),
    )
    title_de = models.CharField(_("title (German)"), max_length=TITLE_LENGTH, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_LENGTH, blank=True)
    text_de = models.TextField(_("text (German)"), max_length=TEXT_LENGTH, blank=True)
    text_en = models.TextField(_("text (English)"), max_length=TEXT_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    published_at = models.DateTimeField(_("published from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="news_visible"),
            models.Index(fields=["entity", "-published_at"], name="news_entity"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title_de="") | ~Q(title_en=""), name="news_has_title"),
            models.CheckConstraint(condition=~Q(text_de="") | ~Q(text_en=""), name="news_has_text"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_de, self.title_en)

    @property
    def text(self) -> str:
        return in_language(self.text_de, self.text_en)

    def is_visible(self, now: datetime | None = None) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.published_at <= (now or timezone.now())

    @property
    def shown_status(self) -> str:
        """``draft``, ``scheduled`` (published, not yet visible) or ``published``."""
        if self.status == NewsStatus.PUBLISHED and not self.is_visible():
            return "scheduled"
        return self.status


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class CoopEvent(TimeStampedModel):
    """An event of the cooperative members sign up for. Times are stored in UTC and entered and shown in
    the entity's time zone (events for all entities: the portal's, ``settings.TIME_ZONE``).

    ``capacity`` empty: no limit. When full, a sign-up joins the waiting list, which moves up in order
    on each cancellation. ``sequence`` counts the changes members' calendars must take over (.ics)."""

    Status = EventStatus

    entity = models.ForeignKey(
        "entities.IssuingEntity",
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: for all entities."),
    )
    title_de = models.CharField(_("title (German)"), max_length=TITLE_LENGTH, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_LENGTH, blank=True)
    description_de = models.TextField(_("description (German)"), max_length=TEXT_LENGTH, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=TEXT_LENGTH, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=PLACE_LENGTH, blank=True)
    online_url = models.URLField(_("online link"), max_length=URL_LENGTH, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    signup_deadline = models.DateTimeField(_("sign-up until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "id"], name="coopevent_upcoming")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="coopevent_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="coopevent_capacity"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_url=""), name="coopevent_has_place"),
            models.CheckConstraint(condition=~Q(title_de="") | ~Q(title_en=""), name="coopevent_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_de, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_de, self.description_en)

    @property
    def time_zone(self) -> str:
        return self.entity.time_zone if self.entity_id and self.entity else settings.TIME_ZONE

    def local(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, ZoneInfo(self.time_zone))

    @property
    def local_start(self) -> datetime:
        return self.local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return self.local(self.ends_at)

    @property
    def local_deadline(self) -> datetime | None:
        return self.local(self.signup_deadline) if self.signup_deadline else None

    @property
    def signup_closes_at(self) -> datetime:
        """Sign-ups are taken until the deadline, at the latest until the start."""
        if self.signup_deadline is None:
            return self.starts_at
        return min(self.signup_deadline, self.starts_at)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def takes_signups(self, now: datetime | None = None) -> bool:
        return not self.is_cancelled and (now or timezone.now()) < self.signup_closes_at

    @property
    def shown_status(self) -> str:
        if self.is_cancelled:
            return EventStatus.CANCELLED
        return "ended" if self.is_past() else EventStatus.SCHEDULED


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class EventSignup(TimeStampedModel):
    """A member's sign-up for an event: one row per member and event, which a new sign-up after a
    cancellation reuses. The waiting list is ordered by ``joined_at`` (then id)."""

    Status = SignupStatus

    event = models.ForeignKey(CoopEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="event_signups"
    )
    status = models.CharField(_("status"), max_length=16, choices=SignupStatus.choices)
    joined_at = models.DateTimeField(_("signed up"))
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("event sign-up")
        verbose_name_plural = _("event sign-ups")
        ordering = ["joined_at", "id"]
        indexes = [
            models.Index(fields=["event", "status", "joined_at", "id"], name="signup_queue"),
            models.Index(fields=["member", "status"], name="signup_member"),
        ]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="one_signup_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in (SignupStatus.CONFIRMED, SignupStatus.WAITING)
