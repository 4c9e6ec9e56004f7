"""The community (DESIGN §10): opt-in member profiles, posts moderated by the Smart team, members'
subscriptions to categories and sectors, and the record of the weekly digests sent.

Decisions: a post belongs to the entity its author wrote it in (the active member role); it is shown
to the members of that entity only, and moderated by that entity's Smart team. An opted-in profile is
shown to the members of the entities its owner is a member of (each in the active role's entity).
There is no draft: a new or changed post goes straight to moderation; "expired" is derived from
``active_until`` in the entity's time zone, not stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel


class Sector(models.TextChoices):
    """The fields members work in: a fixed list, so filters and subscriptions match exactly."""

    MUSIC = "music", _("Music")
    PERFORMING_ARTS = "performing_arts", _("Theatre, dance and performing arts")
    VISUAL_ARTS = "visual_arts", _("Visual arts and photography")
    DESIGN = "design", _("Design and architecture")
    FILM_MEDIA = "film_media", _("Film, video and media")
    WRITING = "writing", _("Writing, editing and translation")
    EDUCATION = "education", _("Education and training")
    EVENTS = "events", _("Events and stage technology")
    IT = "it", _("IT and digital")
    CRAFTS = "crafts", _("Crafts")
    CONSULTING = "consulting", _("Consulting and coaching")
    OTHER = "other", _("Other")


class PostKind(models.TextChoices):
    SEARCH = "search", _("Searching")
    OFFER = "offer", _("Offering")


class PostCategory(models.TextChoices):
    WORK = "work", _("Work")  # only as an offer: members offer work, they do not search it here
    EDUCATION = "education", _("Education")
    COOPERATION = "cooperation", _("Cooperation")
    RESOURCE = "resource", _("Resource")


class PostStatus(models.TextChoices):
    """Stored statuses; "expired" is derived from ``active_until`` (``rules.shown_status``)."""

    SUBMITTED = "submitted", _("Awaiting moderation")
    ACTIVE = "active", _("Published")
    REJECTED = "rejected", _("Rejected")


class CommunityProfile(TimeStampedModel):
    """What a member shows of themself to the other members of their entities; hidden until they opt in."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="community_profile"
    )
    visible = models.BooleanField(_("show my profile to other members"), default=False)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    skills = models.TextField(_("skills"), max_length=1000, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        indexes = [models.Index(fields=["member"], condition=Q(visible=True), name="community_profile_visible")]

    def __str__(self) -> str:
        return str(self.member)


class CommunityPost(TimeStampedModel):
    """A member's search or offer, published once the Smart team approved it, shown until ``active_until``."""

    Status = PostStatus

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="community_posts"
    )
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    kind = models.CharField(_("search or offer"), max_length=8, choices=PostKind.choices)
    category = models.CharField(_("category"), max_length=16, choices=PostCategory.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200)
    link = models.URLField(_("link"), max_length=500, blank=True)
    active_until = models.DateField(_("active until"))
    urgent = models.BooleanField(_("urgent substitution"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=PostStatus.choices, default=PostStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    #: When the urgent e-mails went out: once per post, even if it is edited and approved again.
    urgent_sent_at = models.DateTimeField(_("urgent e-mails sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("community post")
        verbose_name_plural = _("community posts")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["entity", "status", "-published_at"], name="community_post_list"),
            models.Index(fields=["status", "submitted_at"], name="community_post_queue"),
            models.Index(fields=["author", "-created_at"], name="community_post_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="search", category="work"), name="community_post_work_only_offered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommunitySubscription(TimeStampedModel):
    """The categories and sectors a member follows: posts matching both (an empty list: any) come in the
    weekly digest, urgent substitutions at once."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="community_subscription",
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    weekly_digest = models.BooleanField(_("weekly digest"), default=True)
    urgent_at_once = models.BooleanField(_("urgent substitutions at once"), default=True)

    class Meta:
        verbose_name = _("community subscription")
        verbose_name_plural = _("community subscriptions")

    def __str__(self) -> str:
        return str(self.member)


class DigestSent(models.Model):
    """One member's weekly digest of one ISO week: the unique row makes sure nobody gets it twice, even
    when the command runs twice or concurrently."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    posts = models.PositiveIntegerField(_("posts"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("community digest sent")
        verbose_name_plural = _("community digests sent")
        constraints = [
            models.UniqueConstraint(fields=["member", "iso_year", "iso_week"], name="one_community_digest_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.iso_year}-W{self.iso_week:02d}"
