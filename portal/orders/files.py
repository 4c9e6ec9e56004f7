"""Serving order files: only to the order's member and the Smart team of its entity (via selectors)."""

from django.http import FileResponse


def attachment_response(attachment) -> FileResponse:
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
