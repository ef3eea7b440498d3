"""Everything the portal holds about an applicant, for "Download my data"."""

from django.db.models import Prefetch
from django.utils import timezone

from recruitment import selectors
from recruitment.models import EqualityMonitoring, Interview, Scorecard

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
        result["applications"].append(item)
    return result


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
