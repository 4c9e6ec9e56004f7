"""The general assembly (DESIGN §10): the meeting, its agenda and documents, online votes per agenda item
and proxy authorisations.

Secrecy is a property of the tables: a ``Ballot`` (and its ``BallotMark`` rows) carries no voter, no
timestamp and a random key, so neither its columns nor its key's order say who cast it; the separate
``Participation`` row says only that a member took part. The voting service writes both in one
transaction and writes no audit row and no e-mail about a ballot.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel


class Assembly(TimeStampedModel):
    """A general assembly of one entity's members."""

    entity = models.ForeignKey("entities.IssuingEntity", on_delete=models.PROTECT, verbose_name=_("entity"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes = models.FileField(_("minutes"), upload_to="assembly/minutes/", blank=True)

    class Meta:
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items", verbose_name=_("assembly"))
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["assembly", "position"], name="unique_agenda_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AssemblyDocument(models.Model):
    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="documents", verbose_name=_("assembly")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="assembly/documents/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assembly document")
        verbose_name_plural = _("assembly documents")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """The online vote on an agenda item: a question (yes / no / abstain) or an election of candidates."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Yes / no / abstain")
        ELECTION = "election", _("Election")

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="vote", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    question = models.CharField(_("question"), max_length=500)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    #: When the voter list was written (the members entitled when voting opened; see ``voting.freeze``).
    frozen_at = models.DateTimeField(_("voter list frozen"), null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_opening"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="vote_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.question


class Candidate(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("vote"))
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """A row of the frozen voter list: the member may take part in the vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters", verbose_name=_("vote"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("member"))

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="unique_voter")]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.member_id}"


class Participation(models.Model):
    """Only that ``member`` took part in ``vote`` (in person or by proxy); never what they chose."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations", verbose_name=_("vote"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("member"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="one_member_one_vote")]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.member_id}"


class Ballot(models.Model):
    """A cast ballot: no voter, no time, a random key. ``choice`` for a question; marks for an election."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    id = models.UUIDField(_("key"), primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.pk)


class BallotMark(models.Model):
    """A candidate marked on an election ballot (an election ballot without marks is an abstention)."""

    id = models.UUIDField(_("key"), primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks", verbose_name=_("ballot"))
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, verbose_name=_("candidate"))

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")
        constraints = [models.UniqueConstraint(fields=["ballot", "candidate"], name="one_mark_per_candidate")]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.candidate_id}"


class ProxyAuthorisation(TimeStampedModel):
    """A member authorises another member in writing (the signed authorisation uploaded) to vote for
    them at an assembly; the Smart team checks it. A proxy holds at most two accepted authorisations."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies", verbose_name=_("assembly"))
    grantor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proxy")
    )
    file = models.FileField(_("signed authorisation"), upload_to="assembly/proxies/")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("proxy authorisation")
        verbose_name_plural = _("proxy authorisations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "grantor"],
                condition=models.Q(status__in=["submitted", "accepted"]),
                name="one_open_proxy_per_grantor",
            ),
            models.CheckConstraint(condition=~models.Q(grantor=models.F("proxy")), name="proxy_is_another_member"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor_id} → {self.proxy_id}"
