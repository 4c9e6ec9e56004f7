"""Serving an uploaded document (an order file, a receipt, a supplier's invoice) to a reader whom the caller
found allowed through a selector: PDFs as downloads, images shown in the browser, under the uploaded name."""

from django.http import FileResponse, Http404


def document_response(document) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type == "application/pdf",
        filename=document.original_name,
    )


def stored_file_response(field_file, filename: str, content_type: str, *, inline: bool = False) -> FileResponse:
    """A file the portal generated and stored (an invoice PDF or XML, a SEPA file); 404 while there is none."""
    if not field_file:
        raise Http404
    return FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename)
