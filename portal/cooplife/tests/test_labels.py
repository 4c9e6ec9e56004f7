"""The audit actions the state-machine kit builds from the cooplife tables have labels for people."""

from portal.cooplife.models import CoopEvent, EventSignup, News
from portal.cooplife.transitions import EVENTS, NEWS, SIGNUPS
from portal.core.audit import has_label


def test_every_transition_of_the_cooplife_tables_has_a_label():
    actions = {
        f"{model._meta.model_name}.{event}"
        for model, table in ((News, NEWS), (CoopEvent, EVENTS), (EventSignup, SIGNUPS))
        for _status, event in table
    }
    actions |= {"news.created", "news.changed", "news.deleted", "coopevent.created", "coopevent.changed"}
    assert sorted(action for action in actions if not has_label(action)) == []
