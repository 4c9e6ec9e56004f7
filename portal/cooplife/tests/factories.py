"""Test data of cooperative life: news and events made directly (the services are tested on their own)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from portal.cooplife.models import CoopEvent, News, NewsStatus


def news(entity: Any = None, *, title: str = "Neuigkeit", status: str = NewsStatus.PUBLISHED, **values: Any) -> News:
    defaults: dict[str, Any] = {
        "title_de": title,
        "text_de": "Text der Neuigkeit",
        "published_at": timezone.now() - timedelta(hours=1),
    }
    return News.objects.create(entity=entity, status=status, **{**defaults, **values})


def event(entity: Any = None, *, title: str = "Treffen", days: int = 10, **values: Any) -> CoopEvent:
    starts = timezone.now() + timedelta(days=days)
    defaults: dict[str, Any] = {
        "title_de": title,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Genossenschaftshaus, Berlin",
    }
    return CoopEvent.objects.create(entity=entity, **{**defaults, **values})
