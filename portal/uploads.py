"""Uploaded documents (CVs, references, evidence): the type is read from the content,
never trusted from the name, and every file is kept in private storage.

In ``portal`` because both apps take documents: recruitment (CVs, referees' letters)
and cohorts (evidence).
"""

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOCX_REQUIRED = {"[Content_Types].xml", "word/document.xml"}
SAFE_STEM = re.compile(r"[^A-Za-z0-9 ._()-]+")
# A real CV unpacks to a few megabytes; more is a zip bomb, refused before any inflating.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000


def private_storage():
    """People's documents never live under MEDIA_URL."""
    return storages["private"]


def max_bytes() -> int:
    """The one size limit for an uploaded document (the setting predates evidence)."""
    return getattr(settings, "RECRUITMENT_CV_MAX_BYTES", 5 * 1024 * 1024)


def check_name(name: str) -> None:
    if not name or "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise ValidationError(
            _("The file name must not contain folders. Rename the file and upload it again"),
            code="path",
        )
    if "\x00" in name:
        raise ValidationError(_("The file name is not valid"), code="path")


def sniff(head: bytes, upload) -> str | None:
    """'pdf' or 'docx' from the file's bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        data = upload.read()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
                if len(members) > MAX_MEMBERS:
                    return None
                if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                    return None
                names = {member.filename for member in members}
                if not names >= DOCX_REQUIRED:
                    return None
                if archive.testzip() is not None:
                    return None
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
            return None
        return "docx"
    return None


def check_cv(upload) -> str:
    """Return 'pdf' or 'docx', or raise ValidationError with a message for the applicant."""
    check_name(upload.name)
    if upload.size == 0:
        raise ValidationError(_("The selected file is empty"), code="empty")
    if upload.size > max_bytes():
        raise ValidationError(_("The selected file must be smaller than 5MB"), code="size")
    upload.seek(0)
    head = upload.read(8)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("The selected file must be a PDF or a Word document (DOCX)"), code="type"
        )
    return kind


def safe_name(name: str, kind: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = SAFE_STEM.sub("_", stem).strip(" .")[:80] or "cv"
    return f"{stem}.{kind}"
