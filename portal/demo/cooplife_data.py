"""Demo news and events (DESIGN §10), made through the cooplife services where they allow it. Once:

* four news: one for all entities (by the admin, who may publish for all), one each for Smart eG, the
  Bildungswerk and SMartAt; the Bildungswerk's is **scheduled** a week ahead (the Smart team sees it,
  members not yet);
* three events: a workshop of Smart eG in two weeks with one place, **full**: Lena Fischer holds it,
  Anna Schmidt and Jonas Weber wait on the **waiting list** (in that order); an online question time
  for all entities in a month, without a limit, Anna signed up; the Bildungswerk's summer party, **past**
  (the services take no event in the past: it is stored as it would have been left, Anna attended).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.cooplife import events, services
from portal.cooplife.models import CoopEvent, EventSignup, News, SignupStatus
from portal.core.scope import Scope

WORKSHOP = "Werkstattgespräch: Honorare kalkulieren"


def _local_day(days: int, hour: int) -> datetime:
    """A wall-clock time ``days`` from today in Berlin (naive, as the forms send it)."""
    today = timezone.localtime(timezone.now(), ZoneInfo("Europe/Berlin")).date()
    return datetime.combine(today + timedelta(days=days), time(hour, 0))


def _news(admin: User, scope: Scope, entities: dict) -> None:
    rows = [
        (
            None,
            -3,
            "Willkommen im neuen Mitgliederportal",
            "Hier findest du ab sofort Aufträge, Rechnungen, dein Budget – und jetzt auch Neuigkeiten "
            "und Veranstaltungen der Genossenschaft.\n\nSag uns gern, was dir fehlt!",
            "Welcome to the new member portal",
            "From now on you find your orders, invoices, your budget – and now also news and events of "
            "the cooperative here.\n\nTell us what you are missing!",
        ),
        (
            entities["SC"].pk,
            -1,
            "Generalversammlung 2027: Termin vormerken",
            "Die ordentliche Generalversammlung findet im Juni statt. Die Einladung mit der Tagesordnung "
            "kommt spätestens zwei Wochen vorher per E-Mail.",
            "General assembly 2027: save the date",
            "The ordinary general assembly takes place in June. The invitation with the agenda follows by "
            "e-mail at least two weeks before.",
        ),
        (
            entities["BW"].pk,
            7,
            "Neue Weiterbildungen im Frühjahr",
            "Das Bildungswerk bietet ab März neue Kurse zu Selbstvermarktung und Steuern an.",
            "",
            "",
        ),
        (
            entities["AT"].pk,
            -5,
            "Neue Räume in Wien",
            "SMartAt ist umgezogen: Ihr findet uns jetzt im 7. Bezirk.",
            "New office in Vienna",
            "SMartAt has moved: you find us in the 7th district now.",
        ),
    ]
    for entity_id, days, title_de, text_de, title_en, text_en in rows:
        services.news_save(
            staff=admin,
            scope=scope,
            news_id=None,
            data=services.NewsData(
                entity_id=entity_id,
                title_de=title_de,
                text_de=text_de,
                title_en=title_en,
                text_en=text_en,
                published_at=_local_day(days, 9),
                publish=True,
            ),
        )


def _events(admin: User, scope: Scope, entities: dict, people: dict[str, User]) -> None:
    workshop = events.event_save(
        staff=admin,
        scope=scope,
        event_id=None,
        data=events.EventData(
            entity_id=entities["SC"].pk,
            title_de=WORKSHOP,
            title_en="Workshop: calculating your fees",
            description_de="Wie kalkuliere ich Tages- und Projekthonorare? Mit Beispielen aus der Praxis.",
            description_en="How do I calculate day rates and project fees? With examples from practice.",
            starts=_local_day(14, 18),
            ends=_local_day(14, 20),
            place="Smart eG, Berlin",
            capacity=1,
            signup_deadline=_local_day(13, 12),
        ),
    )
    for email in ("member3@example.com", "member@example.com", "member2@example.com"):
        events.signup_join(member=people[email], event_id=workshop.pk)
    question_time = events.event_save(
        staff=admin,
        scope=scope,
        event_id=None,
        data=events.EventData(
            entity_id=None,
            title_de="Online-Fragestunde zur Genossenschaft",
            title_en="Online question time about the cooperative",
            description_de="Der Vorstand beantwortet eure Fragen.",
            description_en="The board answers your questions.",
            starts=_local_day(30, 17),
            ends=_local_day(30, 18),
            online_url="https://meet.smart.example/fragestunde",
        ),
    )
    events.signup_join(member=people["member@example.com"], event_id=question_time.pk)
    starts = timezone.now() - timedelta(days=40)
    party = CoopEvent.objects.create(
        entity=entities["BW"],
        title_de="Sommerfest 2026",
        title_en="Summer party 2026",
        description_de="Grillen und Musik im Hof.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        place="Bildungswerk, Hof",
        capacity=50,
        created_by=admin,
    )
    EventSignup.objects.create(
        event=party,
        member=people["member@example.com"],
        status=SignupStatus.CONFIRMED,
        joined_at=starts - timedelta(days=10),
        confirmed_at=starts - timedelta(days=10),
    )


def seed_demo_journeys(entities: dict) -> None:
    if CoopEvent.objects.filter(title_de=WORKSHOP).exists() or News.objects.exists():
        return
    admin = User.objects.get(email="admin@example.com")
    # The demo speaks as the Smart team of every entity (the admin may publish for all).
    scope = Scope.staff(admin, [entity.pk for entity in entities.values()])
    emails = ("member@example.com", "member2@example.com", "member3@example.com")
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    with transaction.atomic():
        _news(admin, scope, entities)
        _events(admin, scope, entities, people)
