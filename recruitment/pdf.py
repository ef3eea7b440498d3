"""Readable PDFs with WeasyPrint, rendered from templates."""

from django.template.loader import render_to_string
from django.utils.text import capfirst

from portal.models import StaffRecord
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
