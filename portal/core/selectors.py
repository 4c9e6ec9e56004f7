from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.core.models import OutboundEmail


def emails_for_staff(*, entity, search: str = "", status: str = "", related: str = "") -> QuerySet[OutboundEmail]:
    """E-mails sent on behalf of the staff member's entity.

    ``related`` is ``"<app_label>.<model>:<id>"`` to show the mails of one object.
    """
    emails = OutboundEmail.objects.filter(entity=entity).select_related("related_type")
    if search:
        emails = emails.filter(Q(recipient__icontains=search) | Q(subject__icontains=search))
    if status:
        emails = emails.filter(status=status)
    if related and ":" in related and "." in related.split(":", 1)[0]:
        label, object_id = related.split(":", 1)
        app_label, model = label.split(".", 1)
        emails = emails.filter(related_type__app_label=app_label, related_type__model=model, related_id=object_id)
    return emails.defer("body_text", "body_html")


def email_for_staff(*, entity, pk: int, user=None) -> OutboundEmail:
    """One e-mail of the staff member's entity; superusers reach every mail (also account mails, which
    belong to no entity). Anyone else gets a 404."""
    emails = OutboundEmail.objects.select_related("related_type")
    if not getattr(user, "is_superuser", False):
        emails = emails.filter(entity=entity)
    return get_object_or_404(emails, pk=pk)


def emails_about(obj) -> QuerySet[OutboundEmail]:
    """The e-mails sent about one object (without bodies), newest first."""
    return OutboundEmail.objects.filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=str(obj.pk)
    ).only("recipient", "subject", "status", "created_at", "sent_at")
