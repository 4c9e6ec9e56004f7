"""The cooperative-life part of the fuzz world (``world.World``): a news item and two events of Smart eG,
the member signed up for one of them."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.cooplife import events
from portal.cooplife.models import CoopEvent, News, NewsStatus
from portal.entities.models import IssuingEntity


@dataclass
class CoopLife:
    """The cooplife objects of the world (its fields of the same names)."""

    #: A published news item of Smart eG.
    news: News
    #: An event of Smart eG in ten days with two places; the member holds one.
    coop_event: CoopEvent
    #: An event of Smart eG in twelve days with one place, held by member2: the member's sign-up waits.
    coop_event_open: CoopEvent


def with_cooplife(member: User, member2: User, sc: IssuingEntity) -> CoopLife:
    now = timezone.now()
    news = News.objects.create(
        entity=sc, title_de="Rundbrief", text_de="Neuigkeiten", status=NewsStatus.PUBLISHED, published_at=now
    )

    def event(days: int, capacity: int) -> CoopEvent:
        starts = now + timedelta(days=days)
        return CoopEvent.objects.create(
            entity=sc,
            title_de=f"Treffen in {days} Tagen",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Berlin",
            online_url="https://meet.example.org/treffen",
            capacity=capacity,
        )

    joined, open_event = event(10, 2), event(12, 1)
    events.signup_join(member=member, event_id=joined.pk)
    events.signup_join(member=member2, event_id=open_event.pk)
    return CoopLife(news=news, coop_event=joined, coop_event_open=open_event)
