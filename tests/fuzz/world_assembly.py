"""The general assembly of the fuzz world: an assembly of Smart eG the members are invited to, with an
open question vote, an open election, a document, the minutes, and member's proxy authorisation of
member2 waiting for the Smart team."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.accounts.models import User
from portal.assembly.models import AgendaItem, Assembly, AssemblyDocument, Candidate, ProxyAuthorisation, Vote
from portal.entities.models import IssuingEntity

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Assemblies:
    assembly: Assembly
    assembly_question: Vote
    assembly_election: Vote
    assembly_document: AssemblyDocument
    assembly_item: AgendaItem
    proxy: ProxyAuthorisation


def with_assembly(member: User, member2: User, sc: IssuingEntity) -> Assemblies:
    """Written to the tables directly: the services refuse an assembly in the past and a vote that opens
    before it is created, and the fuzz needs both open now."""
    now = timezone.now()
    assembly = Assembly.objects.create(
        entity=sc,
        title="Generalversammlung",
        starts_at=now + timedelta(days=20),
        place="Berlin",
        invited_at=now - timedelta(days=1),
    )
    assembly.minutes.save("minutes.pdf", ContentFile(PDF))
    first = AgendaItem.objects.create(assembly=assembly, position=1, title="Jahresabschluss")
    second = AgendaItem.objects.create(assembly=assembly, position=2, title="Aufsichtsrat")
    third = AgendaItem.objects.create(assembly=assembly, position=3, title="Sonstiges")
    opens, closes = now - timedelta(hours=1), now + timedelta(days=10)
    question = Vote.objects.create(item=first, question="Jahresabschluss genehmigen?", opens_at=opens, closes_at=closes)
    election = Vote.objects.create(
        item=second, kind=Vote.Kind.ELECTION, question="Aufsichtsrat", seats=2, opens_at=opens, closes_at=closes
    )
    Candidate.objects.bulk_create([Candidate(vote=election, name=name, position=n) for n, name in enumerate("ABC")])
    document = AssemblyDocument(assembly=assembly, title="Bericht")
    document.file.save("bericht.pdf", ContentFile(PDF))
    proxy = ProxyAuthorisation(assembly=assembly, grantor=member, proxy=member2)
    proxy.file.save("proxy.pdf", ContentFile(PDF))
    return Assemblies(assembly, question, election, document, third, proxy)
