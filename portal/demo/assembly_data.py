"""The general assembly's demo (DESIGN §10), for Smart eG's members:

* the ordinary assembly of this year, invited (the invitation went out), in three weeks, with online
  votes open now: the annual accounts (a question) and the supervisory board (an election of two among
  three candidates), the annual report as a document, and member3's proxy authorisation of member2
  waiting for the Smart team;
* last year's assembly, held half a year ago, with its minutes and a closed vote with its results.

Written to the tables where the services would refuse the dates (an assembly in the past, votes opened
before today); the ballots of the closed vote go through ``voting.cast_ballot`` as members cast them.
Each part is seeded once.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from portal.accounts.models import Role, User
from portal.assembly import voting
from portal.assembly.models import AgendaItem, Assembly, AssemblyDocument, Candidate, ProxyAuthorisation, Vote
from portal.core.pdf import html_to_pdf

CURRENT_TITLE = "Ordentliche Generalversammlung {year}"
PAST_TITLE = "Generalversammlung {year}"
_STYLE = """
@page { size: A4; margin: 20mm;
  @bottom-center { content: "Muster aus den Demodaten des Smart Portals"; font-size: 7pt; color: #777; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 15pt; }
"""


def _pdf(title: str, *paragraphs: str) -> ContentFile:
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return ContentFile(html_to_pdf(f"<style>{_STYLE}</style><h1>{escape(title)}</h1>{body}"))


def seed_demo_journeys(entities: dict) -> None:
    sc = entities["SC"]
    now = timezone.now()
    year = timezone.localdate().year
    members = {
        user.email: user for user in User.objects.filter(email__in=[f"member{n}@example.com" for n in ("", 2, 3)])
    }
    member, member2, member3 = (members.get(f"member{n}@example.com") for n in ("", 2, 3))
    if member is None or member2 is None or member3 is None:
        return
    with transaction.atomic():
        if not Assembly.objects.filter(entity=sc, title=PAST_TITLE.format(year=year - 1)).exists():
            _past(sc, year - 1, now, [member, member2, member3])
        if not Assembly.objects.filter(entity=sc, title=CURRENT_TITLE.format(year=year)).exists():
            _current(sc, year, now, member2, member3)


def _past(sc, year: int, now, voters: list[User]) -> None:
    held = now - timedelta(days=180)
    assembly = Assembly.objects.create(
        entity=sc,
        title=PAST_TITLE.format(year=year),
        starts_at=held,
        place="Berlin, Gemeinschaftshaus Moabit",
        invited_at=held - timedelta(days=21),
    )
    assembly.minutes.save(
        "protokoll.pdf",
        _pdf(
            f"Protokoll der Generalversammlung {year}", "Die Generalversammlung hat den Jahresabschluss festgestellt."
        ),
    )
    item = AgendaItem.objects.create(
        assembly=assembly, position=1, title=f"Feststellung des Jahresabschlusses {year - 1}"
    )
    AgendaItem.objects.create(assembly=assembly, position=2, title="Entlastung des Vorstands")
    vote = Vote.objects.create(
        item=item,
        question=f"Wird der Jahresabschluss {year - 1} festgestellt?",
        opens_at=held - timedelta(days=7),
        closes_at=held,
    )
    # The demo members joined years ago; their roles were written today, when the demo was seeded.
    Role.objects.filter(
        user__in=voters, kind=Role.Kind.MEMBER, entity=sc, created_at__gt=held - timedelta(days=30)
    ).update(created_at=held - timedelta(days=3 * 365))
    during = held - timedelta(days=1)
    for voter, choice in zip(voters, ("yes", "yes", "abstain"), strict=True):
        voting.cast_ballot(member=voter, vote_id=vote.pk, choice=choice, now=during)


def _current(sc, year: int, now, member2: User, member3: User) -> None:
    starts = (now + timedelta(days=21)).replace(hour=17, minute=0, second=0, microsecond=0)
    assembly = Assembly.objects.create(
        entity=sc,
        title=CURRENT_TITLE.format(year=year),
        starts_at=starts,
        place="Berlin, Gemeinschaftshaus Moabit",
        online_link="https://meet.smart-eg.example/generalversammlung",
        description="Die Abstimmungen sind bis zum Beginn der Versammlung online geöffnet.",
        invited_at=now - timedelta(days=1),
    )
    report = AssemblyDocument(assembly=assembly, title=f"Geschäftsbericht {year - 1}")
    report.file.save("geschaeftsbericht.pdf", _pdf(f"Geschäftsbericht {year - 1}", "Umsatz, Mitglieder, Ausblick."))
    accounts = AgendaItem.objects.create(assembly=assembly, position=1, title=f"Jahresabschluss {year - 1}")
    board = AgendaItem.objects.create(assembly=assembly, position=2, title="Wahl des Aufsichtsrats")
    AgendaItem.objects.create(assembly=assembly, position=3, title="Verschiedenes")
    opens = now - timedelta(days=1)
    Vote.objects.create(
        item=accounts, question=f"Wird der Jahresabschluss {year - 1} festgestellt?", opens_at=opens, closes_at=starts
    )
    election = Vote.objects.create(
        item=board,
        kind=Vote.Kind.ELECTION,
        question="Aufsichtsrat (2 Sitze)",
        seats=2,
        opens_at=opens,
        closes_at=starts,
    )
    Candidate.objects.bulk_create(
        [
            Candidate(vote=election, name=name, position=n)
            for n, name in enumerate(["Ada Berger", "Can Yilmaz", "Eva Roth"])
        ]
    )
    proxy = ProxyAuthorisation(assembly=assembly, grantor=member3, proxy=member2)
    proxy.file.save(
        "vollmacht.pdf", _pdf("Vollmacht", f"{member3.get_full_name()} bevollmächtigt {member2.get_full_name()}.")
    )
