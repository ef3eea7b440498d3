"""Files from private storage, streamed only by views that checked who is asking."""

from django.http import FileResponse


def private_download(file, *, filename: str, content_type: str) -> FileResponse:
    """A file from private storage as a download nobody caches or sniffs."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
