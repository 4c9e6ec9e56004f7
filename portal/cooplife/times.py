"""Wall-clock times typed into the forms, placed in the time zone of the entity they belong to."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from portal.entities.models import IssuingEntity


def zone_of(entity_id: int | None) -> ZoneInfo:
    """The time zone of an entity's news and events; for all entities the portal's (``TIME_ZONE``)."""
    entity = IssuingEntity.objects.filter(pk=entity_id).first() if entity_id else None
    return ZoneInfo(entity.time_zone if entity else settings.TIME_ZONE)


def aware(local: datetime, zone: ZoneInfo) -> datetime | None:
    """A wall-clock time in ``zone`` as an aware time; ``None`` for a time the clock skips (the hour lost
    when summer time starts). An hour that comes twice is read as its first occurrence."""
    moment = local.replace(tzinfo=zone)
    back = moment.astimezone(ZoneInfo("UTC")).astimezone(zone)
    return moment if back.replace(tzinfo=None) == local.replace(tzinfo=None) else None
