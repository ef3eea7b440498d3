"""Everything the portal holds about an applicant, for "Download my data"."""

from django.db.models import Prefetch
from django.utils import timezone

from portal.staff_selectors import staff_records
from recruitment import selectors
from recruitment.choices import ReferenceState
from recruitment.models import (
    EqualityMonitoring,
    Interview,
    Offer,
    PreEmploymentCheck,
    ReferenceRequest,
    Scorecard,
)

APPLICATION_FIELDS = [
    "status",
    "route",
    "created_at",
    "submitted_at",
    "fast_track_due",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "postcode",
    "right_to_work",
    "right_to_work_detail",
    "heard_about",
    "heard_about_detail",
    "through_agency",
    "agency_name",
    "tracking_code",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "swe_status",
    "swe_number",
    "qualification",
    "awarding_body",
    "qualified_on",
    "asye_status",
    "post_qualifying_months",
    "gap_explanations",
    "works_for_council_or_partner",
    "works_with_children_or_families",
    "has_level_2_english_maths",
    "supporting_statement",
    "interview_availability",
    "needs_adjustments",
    "adjustments",
    "guaranteed_interview",
    "declaration_confirmed_at",
    "rejection_message",
    "withdrawal_reason",
    "withdrawal_detail",
]
EQUALITY_FIELDS = [
    "sex",
    "gender_identity_same",
    "age_band",
    "ethnicity",
    "disability",
    "religion",
    "sexual_orientation",
]


# Offers, references received, checks and staff records -------------------------------

OFFER_FIELDS = [
    "state",
    "job_title",
    "grade",
    "salary_point",
    "hours",
    "weekly_hours",
    "employment_type",
    "proposed_start_date",
    "confirmed_start_date",
    "sent_at",
    "response_deadline",
    "answered_at",
    "decline_reason",
    "withdrawn_at",
    "withdrawal_reason",
    "unconditional_at",
    "started_at",
]
STAFF_FIELDS = [
    "job_title",
    "grade",
    "employment_type",
    "hours",
    "weekly_hours",
    "start_date",
    "end_date",
    "leaving_reason",
    "swe_number",
]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def applicant_data(user) -> dict:
    """The person's own data. Their equality answers are theirs, so they are included."""
    applications = (
        selectors.applications_for_applicant(user)
        .select_related("cv")
        .prefetch_related(
            "employment",
            "referees",
            "timeline",
            "notes",
            Prefetch(
                "interviews",
                queryset=Interview.objects.select_related("slot").prefetch_related(
                    Prefetch(
                        "scorecards",
                        queryset=Scorecard.objects.filter(submitted_at__isnull=False).order_by(
                            "submitted_at"
                        ),
                    )
                ),
            ),
            Prefetch(
                "offers",
                queryset=Offer.objects.select_related("team", "cohort").prefetch_related(
                    Prefetch("checks", queryset=PreEmploymentCheck.objects.order_by("kind"))
                ),
            ),
            Prefetch(
                "reference_requests",
                queryset=ReferenceRequest.objects.filter(state=ReferenceState.RECEIVED),
                to_attr="references_received",
            ),
        )
    )
    equality = {
        answers.application_id: answers
        for answers in EqualityMonitoring.objects.filter(application__applicant=user)
    }
    result = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "id": str(user.public_id),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
        },
        "applications": [],
        "staff_records": [_staff_record(record) for record in staff_records().filter(person=user)],
    }
    for application in applications:
        item = {"id": str(application.pk), "reference": application.reference}
        item["vacancy"] = application.vacancy.title
        item.update({name: _plain(getattr(application, name)) for name in APPLICATION_FIELDS})
        item["employment"] = [
            {
                "employer": job.employer,
                "job_title": job.job_title,
                "started_on": _plain(job.started_on),
                "ended_on": _plain(job.ended_on),
                "is_social_work": job.is_social_work,
                "duties": job.duties,
                "reason_for_leaving": job.reason_for_leaving,
            }
            for job in application.employment.all()
        ]
        item["referees"] = [
            {
                "name": r.name,
                "job_title": r.job_title,
                "organisation": r.organisation,
                "email": r.email,
                "phone": r.phone,
                "relationship": r.relationship,
                "is_current_employer": r.is_current_employer,
            }
            for r in application.referees.all()
        ]
        cv = getattr(application, "cv", None)
        item["cv"] = (
            {"file_name": cv.original_name, "size": cv.size, "uploaded_at": _plain(cv.uploaded_at)}
            if cv
            else None
        )
        answers = equality.get(application.pk)
        item["equality_monitoring"] = (
            {name: getattr(answers, name) for name in EQUALITY_FIELDS} if answers else None
        )
        item["history"] = [
            {"at": _plain(entry.at), "what": entry.applicant_text}
            for entry in application.timeline.all()
            if entry.applicant_text
        ]
        item["interviews"] = [_interview(interview) for interview in application.interviews.all()]
        # Staff notes are personal data about the applicant too; HR are told so.
        item["staff_notes"] = [
            {"written_at": _plain(note.created_at), "text": note.text}
            for note in application.notes.all()
        ]
        item["offers"] = [_offer(offer) for offer in application.offers.all()]
        # That a reference arrived, and from whom: never what the referee wrote.
        item["references_received"] = [
            {
                "from": request.referee_name,
                "organisation": request.referee_organisation,
                "received_at": _plain(request.received_at),
            }
            for request in application.references_received
        ]
        result["applications"].append(item)
    return result


def _offer(offer: Offer) -> dict:
    """The offer's terms, state and dates, and each check's status (never DBS details)."""
    data = {name: _plain(getattr(offer, name)) for name in OFFER_FIELDS}
    data["weekly_hours"] = str(offer.weekly_hours) if offer.weekly_hours else None
    data["team"] = str(offer.team)
    data["cohort"] = str(offer.cohort) if offer.cohort else None
    data["checks"] = [
        {"check": check.kind, "status": check.status, "checked_on": _plain(check.checked_on)}
        for check in offer.checks.all()
    ]
    return data


def _staff_record(record) -> dict:
    data = {name: _plain(getattr(record, name)) for name in STAFF_FIELDS}
    data["weekly_hours"] = str(record.weekly_hours) if record.weekly_hours else None
    data["teams"] = [
        {
            "team": str(period.team),
            "start_date": _plain(period.start_date),
            "end_date": _plain(period.end_date),
        }
        for period in record.team_periods.all()
    ]
    return data


def _interview(interview) -> dict:
    """An interview and the panel's scores. Panel members are not named: the scores are
    about the applicant; who gave them is the panel member's own data."""
    slot = interview.slot
    return {
        "start": _plain(slot.start),
        "end": _plain(slot.end),
        "format": slot.format,
        "status": interview.status,
        "change_reason": interview.change_reason,
        "scorecards": [
            {
                "panel_member": f"Panel member {number}",
                "scores": card.scores,
                "recommendation": card.recommendation,
                "notes": card.notes,
            }
            for number, card in enumerate(interview.scorecards.all(), start=1)
        ],
    }
