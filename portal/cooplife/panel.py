"""The dashboard's "News from the cooperative" panel: the latest news of the member's entity and of all
entities; one query."""

from portal.cooplife.selectors import news_for_entity

#: News the panel shows.
PANEL_NEWS = 3


def news_panel(entity_id: int) -> dict:
    return {"latest_news": news_for_entity(entity_id, PANEL_NEWS)}
