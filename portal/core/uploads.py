"""Checks for uploaded documents: the type is judged by the file's content, not its name."""

import hashlib
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.core.errors import BusinessError

#: HEIC/HEIF photos (iPhones' default): the brand after the ISO box header, or the name.
HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc")
HEIC_EXTENSIONS = (".heic", ".heif")

#: Allowed document types: content type → (file signature, extensions).
DOCUMENT_TYPES = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}


def readable_size(size: int) -> str:
    """``size`` (bytes) as Django's ``filesizeformat`` shows it, without a zero decimal: a limit reads
    "5 MB", not "5.0 MB"."""
    return re.sub(r"[.,]0(?=\D*$)", "", filesizeformat(size))


def too_large_message(size: int, limit: int) -> str:
    """Why a file of ``size`` bytes is refused when at most ``limit`` are allowed; for every upload.

    A file just over the limit (5,242,881 bytes for 5 MB) rounds to the limit's own figure, and "too
    large (5 MB); at most 5 MB" reads as a contradiction: then only "more than" the limit is said."""
    shown, most = readable_size(size), readable_size(limit)
    if shown == most:
        return _("The file is too large: more than the %(max)s allowed.") % {"max": most}
    return _("The file is too large (%(size)s); at most %(max)s are allowed.") % {"size": shown, "max": most}


def check_document(upload) -> str:
    """Validate an uploaded PDF/PNG/JPEG and return its real content type."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(too_large_message(upload.size, settings.MAX_UPLOAD_BYTES), code="too_large")
    head = upload.read(16)
    upload.seek(0)
    name = upload.name.lower()
    if head[4:12] in HEIC_BRANDS or name.endswith(HEIC_EXTENSIONS):
        raise ValidationError(
            _(
                "HEIC photos (the iPhone's format) cannot be read here. Please take the photo as JPEG "
                "(Settings > Camera > Formats > Most Compatible) or upload a PDF scan."
            ),
            code="heic",
        )
    for content_type, (signature, extensions) in DOCUMENT_TYPES.items():
        if head.startswith(signature) and name.endswith(extensions):
            return content_type
    raise ValidationError(_("Please upload a PDF, PNG or JPEG file."), code="unsupported")


def check_file(upload: Any, *, field: str = "file", pdf_only: bool = False) -> str:
    """The upload's content type, or a ``BusinessError`` for ``field`` saying what is wrong. With
    ``pdf_only`` anything but a PDF (an image too) gets the one message "Please upload a PDF." (the size
    limit keeps its own message)."""
    try:
        content_type = check_document(upload)
    except ValidationError as error:
        if pdf_only and upload.size <= settings.MAX_UPLOAD_BYTES:
            raise BusinessError(_("Please upload a PDF."), field=field) from error
        raise BusinessError(error.messages[0], field=field) from error
    if pdf_only and content_type != "application/pdf":
        raise BusinessError(_("Please upload a PDF."), field=field)
    return content_type


def store_upload(document: Any, upload: Any, *, field: str = "file", pdf_only: bool = False) -> None:
    """Check an uploaded file and store it on ``document`` (a ``core.models.StoredDocument``) with its
    name, size, type and hash; a refusal names ``field``."""
    document.content_type = check_file(upload, field=field, pdf_only=pdf_only)
    document.file_hash = file_hash(upload)
    document.original_name = upload.name[-255:]
    document.size = upload.size
    document.file.save(upload.name[-100:], upload, save=False)


def file_hash(upload: Any) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
