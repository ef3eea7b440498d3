"""Readable PDFs with WeasyPrint, rendered from templates."""

import base64
import mimetypes

from django.template.loader import render_to_string
from django.utils.text import capfirst

from portal.models import StaffRecord
from recruitment import letters, selectors
from recruitment.exports import (
    APPLICATION_FIELDS,
    EQUALITY_FIELDS,
    OFFER_FIELDS,
    STAFF_FIELDS,
    applicant_data,
)
from recruitment.models import (
    Application,
    EqualityMonitoring,
    Interview,
    InterviewSlot,
    Offer,
    PreEmploymentCheck,
    Scorecard,
)


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _display(model, name: str, value) -> str:
    if value in (None, "", {}, []):
        return ""
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {text}" for key, text in value.items())
    return str(value)


def readable(data: dict) -> dict:
    """The export with field labels and choice names, for people rather than machines."""
    for application in data["applications"]:
        application["rows"] = [
            (_label(Application, name), _display(Application, name, application[name]))
            for name in APPLICATION_FIELDS
            if _display(Application, name, application[name])
        ]
        answers = application["equality_monitoring"]
        application["equality_rows"] = (
            [
                (
                    _label(EqualityMonitoring, name),
                    _display(EqualityMonitoring, name, answers[name]),
                )
                for name in EQUALITY_FIELDS
                if answers[name]
            ]
            if answers
            else []
        )
        for interview in application["interviews"]:
            interview["format_label"] = _display(InterviewSlot, "format", interview["format"])
            interview["status_label"] = _display(Interview, "status", interview["status"])
            for card in interview["scorecards"]:
                card["recommendation_label"] = _display(
                    Scorecard, "recommendation", card["recommendation"]
                )
        for offer in application.get("offers", []):
            _readable_offer(offer)
    for record in data.get("staff_records", []):
        record["rows"] = _rows(StaffRecord, STAFF_FIELDS, record)
    return data


def _rows(model, names, values) -> list[tuple[str, str]]:
    return [
        (_label(model, name), _display(model, name, values[name]))
        for name in names
        if _display(model, name, values[name])
    ]


def _readable_offer(offer: dict) -> None:
    offer["rows"] = _rows(Offer, OFFER_FIELDS, offer)
    for check in offer["checks"]:
        check["check_label"] = _display(PreEmploymentCheck, "kind", check["check"])
        check["status_label"] = _display(PreEmploymentCheck, "status", check["status"])


def applicant_data_pdf(user) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "recruitment/pdf/my_data.html", {"data": readable(applicant_data(user))}
    )
    return HTML(string=html).write_pdf()


# Offer letters ----------------------------------------------------------------------


def _no_fetching():
    """The letter's words come from editors: WeasyPrint may fetch nothing from the network
    or the disk, only what is embedded in the page (the logo, as a data: address).

    WeasyPrint's own fetcher, allowed data: addresses only (a plain function is no
    longer accepted for images: WeasyPrint asks the fetcher how to fail)."""
    # Only where a PDF is made: WeasyPrint loads Pango and fonts when imported.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


def _logo_data_url(site_settings) -> str:
    logo = site_settings.logo
    if logo is None:
        return ""
    try:
        with logo.file.open("rb") as image:
            content = image.read()
    except (OSError, ValueError):
        # A logo whose file has gone must not stop a letter: it goes out without it.
        return ""
    kind = mimetypes.guess_type(logo.file.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def offer_letter_html(offer) -> str:
    """The whole letter as HTML: letterhead from the site settings, then the editor's words
    filled in (``recruitment.letters``). Raises ValueError for a broken template."""
    facts = selectors.letter_facts(offer)
    return render_to_string(
        "recruitment/pdf/offer_letter.html",
        {
            "offer": offer,
            "application": offer.application,
            "settings": facts.site_settings,
            "logo": _logo_data_url(facts.site_settings),
            "body": letters.render_letter_html(offer.letter_template, offer),
            "conditions": facts.conditions,
            "deadline": facts.deadline,
            "letter_date": offer.sent_at or offer.send_requested_at or offer.made_at,
        },
    )


def offer_letter_pdf(offer) -> bytes:
    """The offer letter as a PDF. Raises what rendering raised (the send task records it)."""
    # WeasyPrint loads Pango and fonts when imported: only where a PDF is made.
    from weasyprint import HTML

    return HTML(string=offer_letter_html(offer), url_fetcher=_no_fetching()).write_pdf()
