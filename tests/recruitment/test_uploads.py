import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.uploads import check_cv, check_name
from recruitment.models import CV
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def docx_bytes(names=("[Content_Types].xml", "word/document.xml")) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def draft(site, client):
    application = factories.ApplicationFactory(completed_sections=[])
    sign_in_with_mfa(client, application.applicant)
    return application


def post(client, application, file):
    return client.post(reverse("recruitment:cv", args=[application.pk]), {"cv": file})


def stored_files():
    storage = storages["private"]
    try:
        _dirs, files = storage.listdir("cvs")
    except FileNotFoundError:
        return []
    return files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00" + b"\x00" * 200, "must be a PDF or a Word document"),
        ("cv.docx", b"PK\x03\x04 this is not a zip at all", "must be a PDF or a Word document"),
        ("cv.docx", docx_bytes(names=("[Content_Types].xml",)), "must be a PDF or a Word document"),
        ("cv.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "smaller than 5MB"),
        ("cv.pdf", b"", "empty"),
    ],
    ids=["exe-renamed-pdf", "docx-not-zip", "zip-not-docx", "too-big", "empty"],
)
def test_upload_attacks_rejected_and_nothing_stored(client, draft, name, content, message):
    response = post(client, draft, upload(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not CV.objects.filter(application=draft).exists()
    assert stored_files() == []
    assert "cv" not in type(draft).objects.get(pk=draft.pk).completed_sections


def test_pdf_and_docx_accepted_and_stored_privately(client, draft):
    assert post(client, draft, upload("My CV.pdf", factories.MINIMAL_PDF)).status_code == 302
    cv = CV.objects.get(application=draft)
    assert cv.content_type == "application/pdf"
    assert (
        cv.file.storage is storages["private"]
        or cv.file.storage.__class__ is storages["private"].__class__
    )
    assert not cv.file.name.startswith("/")
    # Replacing it keeps one CV and one file.
    assert post(client, draft, upload("cv.docx", docx_bytes())).status_code == 302
    cv.refresh_from_db()
    assert cv.original_name == "cv.docx"
    assert cv.content_type.endswith("wordprocessingml.document")


def test_download_is_an_attachment(client, draft):
    post(client, draft, upload("cv.pdf", factories.MINIMAL_PDF))
    response = client.get(reverse("recruitment:cv_download", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\boot.pdf", "a/b.pdf", ".htaccess"])
def test_names_with_path_parts_are_refused(name):
    with pytest.raises(ValidationError):
        check_name(name)


def test_check_cv_reads_content_not_name():
    assert check_cv(upload("cv.docx", factories.MINIMAL_PDF)) == "pdf"
    assert check_cv(upload("cv.pdf", docx_bytes())) == "docx"


def test_zip_bomb_dressed_as_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<xml/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(ValidationError):
        check_cv(upload("cv.docx", buffer.getvalue()))
