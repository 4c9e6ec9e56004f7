from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.core.models import OutboundEmail
from portal.core.scope import Scope


def _readable(scope: Scope, everything: bool) -> QuerySet[OutboundEmail]:
    emails = OutboundEmail.objects.select_related("related_type")
    return emails if everything else scope.rows(emails)


def emails_in(
    scope: Scope, *, search: str = "", status: str = "", related: str = "", everything: bool = False
) -> QuerySet[OutboundEmail]:
    """E-mails sent on behalf of the entities in ``scope`` (the Smart team's); ``everything`` (superusers)
    adds every other mail, also account mails, which belong to no entity.

    ``related`` is ``"<app_label>.<model>:<id>"`` to show the mails of one object.
    """
    emails = _readable(scope, everything)
    if search:
        emails = emails.filter(Q(recipient__icontains=search) | Q(subject__icontains=search))
    if status:
        emails = emails.filter(status=status)
    if related and ":" in related and "." in related.split(":", 1)[0]:
        label, object_id = related.split(":", 1)
        app_label, model = label.split(".", 1)
        emails = emails.filter(related_type__app_label=app_label, related_type__model=model, related_id=object_id)
    return emails.defer("body_text", "body_html")


def email_in(scope: Scope, pk: int, *, everything: bool = False) -> OutboundEmail:
    """One e-mail of ``scope``'s entities (any mail with ``everything``), or a 404."""
    found = _readable(scope, everything).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def emails_about(obj) -> QuerySet[OutboundEmail]:
    """The e-mails sent about one object (without bodies), newest first."""
    return OutboundEmail.objects.filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=str(obj.pk)
    ).only("recipient", "subject", "status", "created_at", "sent_at")
