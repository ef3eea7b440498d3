"""CVs from private storage, streamed only by views that checked who is asking."""

from django.http import FileResponse

from portal.downloads import private_download

__all__ = ["cv_response", "private_download"]


def cv_response(cv) -> FileResponse:
    return private_download(cv.file, filename=cv.original_name, content_type=cv.content_type)
