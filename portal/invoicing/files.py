"""Serving stored invoice documents (access is checked by the calling view's selector)."""

from django.http import FileResponse, Http404


def stored_file_response(field_file, filename: str, content_type: str, *, inline: bool = False) -> FileResponse:
    if not field_file:
        raise Http404
    return FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename)
