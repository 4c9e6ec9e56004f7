"""Links from statement rows to their documents (an invoice, a transfer …), for whoever reads the page.

The budget app does not know other apps' pages, nor who may open them: each app that books rows
registers, for its document model, a function answering "which of these documents may this scope open,
and at which URL" with one query (``register_links`` in ``AppConfig.ready``). A row whose document the
reader may not open (e.g. another budget member's invoice) shows its label without a link.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from portal.core.scope import Scope

#: ``(scope, ids) -> {id: url}`` for the documents among ``ids`` the scope may open.
Links = Callable[[Scope, Sequence[int]], dict[int, str]]

_links: dict[type[Model], Links] = {}


def register_links(model: type[Model], links: Links) -> None:
    _links[model] = links


def document_urls(scope: Scope, rows: Iterable[object]) -> dict[tuple[int, int], str]:
    """``{(source_type_id, source_id): url}`` for the rows' documents the scope may open: one query per
    kind of document on the page."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        type_id, source_id = getattr(row, "source_type_id", None), getattr(row, "source_id", None)
        if type_id and source_id:
            wanted[type_id].add(source_id)
    urls: dict[tuple[int, int], str] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        links = _links.get(model) if model else None
        if links is None:
            continue
        for source_id, url in links(scope, sorted(ids)).items():
            urls[(type_id, source_id)] = url
    return urls
