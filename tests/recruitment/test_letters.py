"""Offer letters: placeholders checked when a template is saved, values escaped, and the PDF's
text as the applicant reads it."""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from cms.models import SiteSettings
from portal import roles
from recruitment import letters
from recruitment.models import OfferLetterTemplate
from recruitment.pdf import offer_letter_html, offer_letter_pdf
from tests.recruitment import factories


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# Placeholders (no database) ---------------------------------------------------------


def test_every_known_placeholder_passes():
    body = "<p>" + " ".join("{{ " + name + " }}" for name in letters.PLACEHOLDERS) + "</p>"
    assert letters.placeholder_problems(body) == []


def test_an_unknown_placeholder_is_named():
    problems = letters.placeholder_problems("<p>Dear {{ firstname }}, {{ salary }}</p>")
    assert len(problems) == 2
    assert problems[0].startswith("Unknown placeholder {{ firstname }}")
    assert "{{ first_name }}" in problems[0]


@pytest.mark.parametrize(
    "broken",
    [
        "{{ first name }}",
        "{{ <b>team</b> }}",
        "{{ first_name }",
        "{{first_name",
        "{% load static %}",
        "{{ settings.SECRET_KEY }}",
        "{{ job_title|upper }}",
    ],
)
def test_a_broken_placeholder_is_refused(broken):
    problems = letters.placeholder_problems(f"<p>Dear {broken}</p>")
    assert problems, broken
    assert all("placeholder" in problem for problem in problems)


def test_values_are_escaped_and_never_evaluated():
    values = {"first_name": "<script>alert(1)</script>", "team": "{{ council_name }}"}
    html = letters.substitute("<p>{{ first_name }} in {{team}}</p>", values)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    # A value that looks like a placeholder stays text: substitution is one pass.
    assert "{{ council_name }}" in html


def test_the_conditions_are_a_list():
    html = letters.conditions_list(["Right to work in the UK", "Enhanced DBS <check>"])
    assert html == ("<ul><li>Right to work in the UK</li><li>Enhanced DBS &lt;check&gt;</li></ul>")


# Templates in the database ----------------------------------------------------------


@pytest.mark.django_db
def test_the_first_letter_uses_only_known_placeholders():
    template = OfferLetterTemplate.objects.get(is_default=True)
    assert letters.placeholder_problems(template.body) == []
    template.full_clean()


@pytest.mark.django_db
def test_a_template_with_a_broken_placeholder_cannot_be_saved_by_its_clean():
    template = OfferLetterTemplate(name="Broken", body="<p>Dear {{ frist_name }}</p>")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "{{ frist_name }}" in str(error.value.message_dict["body"])


def _draftail(text: str) -> str:
    """What the admin's rich-text editor posts: a Draftail content state."""
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


@pytest.mark.django_db
def test_a_content_editor_cannot_save_a_broken_placeholder_in_the_admin(
    client, site, staff_with_mfa
):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    url = reverse("wagtailsnippets_recruitment_offerlettertemplate:add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Apprentices", "body": _draftail("Dear {{ first_nmae }},"), "is_default": ""}
    )
    assert response.status_code == 200
    assert "Unknown placeholder {{ first_nmae }}" in response.content.decode()
    assert not OfferLetterTemplate.objects.filter(name="Apprentices").exists()
    response = client.post(
        url, {"name": "Apprentices", "body": _draftail("Dear {{ first_name }},"), "is_default": ""}
    )
    assert response.status_code == 302
    saved = OfferLetterTemplate.objects.get(name="Apprentices")
    # Kept with revisions: the admin's History and compare work from them.
    assert saved.revisions.count() == 1


@pytest.mark.django_db
def test_hr_read_letter_templates_but_do_not_change_them(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    template = OfferLetterTemplate.objects.get(is_default=True)
    assert (
        client.get(reverse("wagtailsnippets_recruitment_offerlettertemplate:list")).status_code
        == 200
    )
    edit = reverse("wagtailsnippets_recruitment_offerlettertemplate:edit", args=[template.pk])
    assert client.post(edit, {"name": "Mine", "body": _draftail("x")}).status_code in (302, 403)
    template.refresh_from_db()
    assert template.name == "Conditional offer"


# The letter itself ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_letter_pdf_reads_as_the_offer_says(site):
    settings = SiteSettings.for_site(site.get_site())
    settings.council_name = "Northtown City Council"
    settings.save()
    application = factories.ready_for_offer(first_name="Amara", last_name="Okafor")
    offer = factories.drafted_offer(
        application,
        job_title="Social worker, children in care",
        salary_point="Grade 9, point 32 (£38,626)",
        hours="part_time",
        weekly_hours=Decimal("30"),
    )
    text = pdf_text(offer_letter_pdf(offer))
    for expected in [
        "Northtown City Council",
        "Dear Amara Okafor",
        "Social worker, children in care",
        "Grade 9, point 32 (£38,626)",
        "Part-time, 30 hours a week",
        "Enhanced DBS with the children's barred list",
        "Right to work in the UK",
        application.reference,
        f"/applications/{application.pk}/offer/",
    ]:
        assert expected in text, expected


@pytest.mark.django_db
def test_an_asye_letter_names_its_cohort(site):
    application = factories.ready_for_offer("asye")
    cohort = factories.future_cohort("asye", name="ASYE intake March")
    offer = factories.drafted_offer(application, cohort=cohort)
    assert "You will join ASYE intake March, which starts on" in pdf_text(offer_letter_pdf(offer))


@pytest.mark.django_db
def test_an_applicants_own_words_cannot_inject_markup_into_the_letter(site):
    application = factories.ready_for_offer(first_name='<img src="http://evil.example/x">')
    offer = factories.drafted_offer(application)
    html = offer_letter_html(offer)
    assert '<img src="http://evil.example' not in html
    assert "&lt;img" in html
