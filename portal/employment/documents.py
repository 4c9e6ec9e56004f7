"""Payslips and employment certificates (DESIGN §8).

The Smart team uploads payslips one by one or as a batch: a ZIP file or several PDFs whose names carry
the member number and the month (``000101_2027-01.pdf``, ``Lohn 000101 01-2027.pdf``, ``000101-202701.pdf``).
Every file of a batch ends up either as a payslip of the member's employment in that month or in the
list of files that were not used, with the reason; nothing is dropped silently.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.budget.models import LedgerEntry
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.uploads import check_file, store_upload
from portal.employment.costs import month_key
from portal.employment.models import CertificateRequest, Employment, EmploymentStatus, Payslip
from portal.employment.services import entity_today

#: Employments that can have payslips: running, or ended (a late payslip of the last month).
PAID = (EmploymentStatus.ACTIVE, EmploymentStatus.ENDED)
#: A batch holds at most this many files (a year of payslips for a large entity).
MAX_BATCH_FILES = 2000
_MEMBER_NUMBER = r"(?P<number>\d{6})"
_MONTH_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)[-_.]?(?P<month>0[1-9]|1[0-2])(?!\d)"),
    re.compile(r"(?<!\d)(?P<month>0[1-9]|1[0-2])[-_.](?P<year>20\d\d)"),
)


def parse_name(name: str) -> tuple[str, date] | None:
    """The member number and month a payslip's file name carries, or ``None``."""
    stem = name.rsplit("/", 1)[-1]
    number = re.search(rf"(?<!\d){_MEMBER_NUMBER}(?!\d)", stem)
    if number is None:
        return None
    rest = stem[: number.start()] + " " + stem[number.end() :]
    for pattern in _MONTH_PATTERNS:
        found = pattern.search(rest)
        if found:
            return number["number"], date(int(found["year"]), int(found["month"]), 1)
    return None


def _employment_for(scope: Scope, member_number: str, month: date) -> Employment | None:
    return (
        Employment.objects.filter(
            entity_id__in=scope.entity_ids,
            member__member_profile__member_number=member_number,
            status__in=PAID,
            start__lte=month,
            end__gte=month,
        )
        .select_related("member", "entity")
        .first()
    )


def payslip_upload(*, staff: Any, scope: Scope, employment_id: int, month: date, upload: Any) -> Payslip:
    """One payslip for an employment's month; the member is e-mailed."""
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    employment = (
        Employment.objects.filter(pk=employment_id, entity_id__in=scope.entity_ids, status__in=PAID)
        .select_related("member", "entity")
        .first()
    )
    if employment is None:
        raise BusinessError(_("Payslips belong to a running or ended employment."))
    return _store(staff, employment, month.replace(day=1), upload)


def _booked(employment: Employment, month: date) -> bool:
    """Whether the month's cost is booked: the books say the month has begun (a run of the monthly
    command with ``--today``, as a test or a catch-up does, may be ahead of the clock)."""
    return LedgerEntry.objects.filter(key=month_key(employment.pk, month)).exists()


def _store(staff: Any, employment: Employment, month: date, upload: Any) -> Payslip:
    if not employment.start.replace(day=1) <= month <= employment.end:
        raise BusinessError(_("The month lies outside the employment."), field="month")
    if month > entity_today(employment.entity).replace(day=1) and not _booked(employment, month):
        raise BusinessError(_("A payslip can be uploaded from its month on, not for a later month."), field="month")
    check_file(upload, pdf_only=True)
    with transaction.atomic():
        if Payslip.objects.select_for_update().filter(employment=employment, month=month).exists():
            raise BusinessError(_("There is a payslip for this month already."), field="month")
        payslip = Payslip(employment=employment, month=month, uploaded_by=staff)
        store_upload(payslip, upload)
        payslip.save()
        audit_record(actor=staff, action="employment.payslip", target=employment, message=f"{month:%Y-%m}")
        queue_email(
            to=employment.member,
            template="employment_payslip",
            context={"payslip": payslip, "employment": employment},
            category="budget",
            related=employment,
            entity=employment.entity,
        )
    return payslip


def payslip_delete(*, staff: Any, scope: Scope, employment_id: int, payslip_id: int) -> date:
    """Take back a payslip uploaded by mistake (wrong member or month), e.g. to upload the right one; the
    member is not e-mailed about it. Returns the payslip's month."""
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    with transaction.atomic():
        payslip = (
            Payslip.objects.select_for_update(of=("self",))
            .select_related("employment")
            .filter(pk=payslip_id, employment_id=employment_id, employment__entity_id__in=scope.entity_ids)
            .first()
        )
        if payslip is None:
            raise BusinessError(_("This payslip no longer exists."))
        refuse_self_decision(staff, payslip.employment.member_id, what="request")
        month, file = payslip.month, payslip.file
        audit_record(
            actor=staff, action="employment.payslip_deleted", target=payslip.employment, message=f"{month:%Y-%m}"
        )
        payslip.delete()
        name = file.name or ""
        if name:
            transaction.on_commit(lambda: file.storage.delete(name))
    return month


@dataclass
class BatchResult:
    stored: list[Payslip] = field(default_factory=list)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)


def _files_of(uploads: list[Any]) -> Iterator[tuple[str, Any, str]]:
    """(name, file, why not) of the uploads, a ZIP file's files unpacked one at a time as they are used
    (each size-limited by its header and by what is really read, so a ZIP bomb unpacks nothing large);
    ``why not`` is empty for a file to look at. Refused when there are more files than a batch holds."""
    entries: list[tuple[Any, Any]] = []  # (upload, None) or (archive, entry): counted before anything is read
    for upload in uploads:
        if not upload.name.lower().endswith(".zip"):
            entries.append((upload, None))
            continue
        try:
            archive = zipfile.ZipFile(upload)
        except zipfile.BadZipFile:
            entries.append((upload, "bad"))
            continue
        entries += [
            (archive, entry)
            for entry in archive.infolist()
            if not entry.is_dir() and not entry.filename.startswith("__MACOSX/")
        ]
    if len(entries) > MAX_BATCH_FILES:
        raise BusinessError(_("Please upload at most %(count)d payslips at once.") % {"count": MAX_BATCH_FILES})
    for source, entry in entries:
        if entry is None:
            yield source.name, source, ""
        elif entry == "bad":
            yield source.name, None, _("not a readable ZIP file")
        elif entry.file_size > settings.MAX_UPLOAD_BYTES:
            yield entry.filename, None, _("the file is too large")
        else:
            with source.open(entry) as packed:
                content = packed.read(settings.MAX_UPLOAD_BYTES + 1)
            if len(content) > settings.MAX_UPLOAD_BYTES:  # the header lied about the size
                yield entry.filename, None, _("the file is too large")
            else:
                yield entry.filename, SimpleUploadedFile(entry.filename.rsplit("/", 1)[-1], content), ""


def payslip_batch(*, staff: Any, scope: Scope, uploads: list[Any]) -> BatchResult:
    """Store every payslip of the batch whose name names a member's employment and month."""
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    result = BatchResult()
    for name, upload, why_not in _files_of(uploads):
        if why_not:
            result.unused.append((name, why_not))
            continue
        parsed = parse_name(name)
        if parsed is None:
            result.unused.append((name, _("the name carries no member number and month")))
            continue
        number, month = parsed
        employment = _employment_for(scope, number, month)
        if employment is None:
            why = _("no employment of member %(number)s in %(month)s") % {"number": number, "month": f"{month:%m/%Y}"}
            result.unused.append((name, why))
            continue
        try:
            result.stored.append(_store(staff, employment, month, upload))
        except BusinessError as error:
            result.unused.append((name, error.message))
    return result


def certificate_request(*, member: Any, employment_id: int, purpose: str) -> CertificateRequest:
    purpose = purpose.strip()
    if not purpose:
        raise BusinessError(_("Please say what the certificate is for."), field="purpose")
    if len(purpose) > 300:
        raise BusinessError(_("Please shorten the purpose to at most 300 characters."), field="purpose")
    employment = Employment.objects.filter(pk=employment_id, member=member, status__in=PAID).first()
    if employment is None:
        raise BusinessError(_("Certificates are issued for a running or ended employment."))
    with transaction.atomic():
        request = CertificateRequest.objects.create(employment=employment, purpose=purpose)
        audit_record(actor=member, action="employment.certificate_requested", target=employment, message=purpose)
    return request


def certificate_answer(*, staff: Any, scope: Scope, request_id: int, upload: Any) -> CertificateRequest:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    with transaction.atomic():
        request = (
            CertificateRequest.objects.select_for_update(of=("self",))
            .select_related("employment", "employment__member", "employment__entity")
            .filter(pk=request_id, employment__entity_id__in=scope.entity_ids)
            .first()
        )
        if request is None or request.status != CertificateRequest.Status.OPEN:
            raise BusinessError(_("This certificate request has been answered already."))
        refuse_self_decision(staff, request.employment.member_id, what="request")
        check_file(upload, pdf_only=True)
        request.file.save(f"certificate-{request.pk}.pdf", upload, save=False)
        request.status, request.answered_at = CertificateRequest.Status.ANSWERED, timezone.now()
        request.save()
        audit_record(actor=staff, action="employment.certificate_answered", target=request.employment)
        queue_email(
            to=request.employment.member,
            template="employment_certificate",
            context={"certificate": request},
            category="budget",
            related=request.employment,
            entity=request.employment.entity,
        )
    return request
