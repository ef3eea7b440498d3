"""Unsuccessful applicants' personal data goes after the retention period, completely.

Every field of the application and of every recruitment model reached from it is
classified here. A field added later fails ``test_every_field_is_classified`` until
someone says whether the sweep removes it or keeps it (and, if it removes it, the sweep
does: ``test_the_sweep_removes_every_personal_field``).
"""

import io

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal import roles
from recruitment import exports, selectors
from recruitment.choices import InterviewStatus, Status, TimelineAction
from recruitment.models import (
    CV,
    Application,
    DataExport,
    EmploymentEntry,
    EqualityMonitoring,
    Interview,
    Note,
    Referee,
    RetentionPolicy,
    Scorecard,
    TimelineEntry,
)
from recruitment.services import drafts, retention, screening
from recruitment.services import interviews as interview_services
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

ANONYMISED = "anonymised"  # emptied (or the applicant detached) by the sweep
DELETED = "deleted"  # the row goes, with every field
KEPT = "kept"  # not personal: what reports count (route, vacancy, channel, status, dates)
REFERENCE = "reference"  # reference data HR edit (rules, reasons): not about anyone

MODELS = {
    "recruitment.Application": {
        # Rows that hang off it
        "employment": DELETED,
        "referees": DELETED,
        "cv": DELETED,
        "equality": DELETED,
        "notes": DELETED,
        "timeline": KEPT,
        "bespoke_slots": KEPT,
        "interviews": KEPT,
        "offers": KEPT,  # their free text and letters go; terms, states and dates stay
        "reference_requests": DELETED,
        # Who, what for, where it stands
        "id": KEPT,
        "applicant": ANONYMISED,
        "vacancy": KEPT,
        "status": KEPT,
        "route": KEPT,
        "suggested_route": KEPT,
        "routing_rule": KEPT,
        "routing_note": ANONYMISED,
        "route_notice": ANONYMISED,
        "is_fast_track": KEPT,
        "fast_track_due": KEPT,
        "interview_offered_at": KEPT,
        "hr_reminder_sent_at": KEPT,
        "created_at": KEPT,
        "updated_at": KEPT,
        "submitted_at": KEPT,
        "screening_started_at": KEPT,
        "decided_at": KEPT,
        "anonymised_at": KEPT,
        "completed_sections": KEPT,
        # Channel
        "campaign": KEPT,
        "tracking_code": KEPT,
        "utm_source": KEPT,
        "utm_medium": KEPT,
        "utm_campaign": KEPT,
        "heard_about": KEPT,
        "heard_about_detail": ANONYMISED,
        "through_agency": KEPT,
        "agency_name": ANONYMISED,
        # The person and their answers
        "first_name": ANONYMISED,
        "last_name": ANONYMISED,
        "email": ANONYMISED,
        "phone": ANONYMISED,
        "address": ANONYMISED,
        "postcode": ANONYMISED,
        "right_to_work": ANONYMISED,
        "right_to_work_detail": ANONYMISED,
        "swe_status": ANONYMISED,
        "swe_number": ANONYMISED,
        "qualification": ANONYMISED,
        "awarding_body": ANONYMISED,
        "qualified_on": ANONYMISED,
        "asye_status": ANONYMISED,
        "post_qualifying_months_calculated": ANONYMISED,
        "post_qualifying_months": ANONYMISED,
        "gap_explanations": ANONYMISED,
        "works_for_council_or_partner": ANONYMISED,
        "works_with_children_or_families": ANONYMISED,
        "has_level_2_english_maths": ANONYMISED,
        "supporting_statement": ANONYMISED,
        "interview_availability": ANONYMISED,
        "needs_adjustments": ANONYMISED,
        "adjustments": ANONYMISED,
        "guaranteed_interview": ANONYMISED,
        "declaration_confirmed_at": KEPT,
        # Outcome
        "rejection_reasons": KEPT,
        "rejection_message": ANONYMISED,
        "withdrawal_reason": KEPT,
        "withdrawal_detail": ANONYMISED,
    },
    "recruitment.EmploymentEntry": dict.fromkeys(
        [
            "id",
            "application",
            "employer",
            "job_title",
            "started_on",
            "ended_on",
            "is_social_work",
            "duties",
            "reason_for_leaving",
        ],
        DELETED,
    ),
    "recruitment.Referee": dict.fromkeys(
        [
            "id",
            "application",
            "position",
            "name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "relationship",
            "is_current_employer",
            "requests",
        ],
        DELETED,
    ),
    "recruitment.CV": dict.fromkeys(
        ["id", "application", "file", "original_name", "content_type", "size", "uploaded_at"],
        DELETED,
    ),
    "recruitment.EqualityMonitoring": dict.fromkeys(
        [
            "id",
            "application",
            "sex",
            "age_band",
            "ethnicity",
            "disability",
            "religion",
            "sexual_orientation",
            "gender_identity_same",
        ],
        DELETED,
    ),
    "recruitment.Note": dict.fromkeys(
        ["id", "application", "author", "text", "created_at"], DELETED
    ),
    "recruitment.TimelineEntry": {
        "id": KEPT,
        "application": KEPT,
        "at": KEPT,
        "by": ANONYMISED,  # when the applicant did it; HR's and the system's stay
        "from_status": KEPT,
        "to_status": KEPT,
        "action": KEPT,
        "reason": ANONYMISED,
        "applicant_text": ANONYMISED,
    },
    "recruitment.InterviewSlot": {
        "interviews": KEPT,
        "id": KEPT,
        "vacancy": KEPT,
        "bespoke_for": KEPT,
        "start": KEPT,
        "end": KEPT,
        "format": KEPT,
        "place": KEPT,
        "video_link": KEPT,
        "booking_deadline": KEPT,
        "created_at": KEPT,
        "panel": KEPT,
    },
    "recruitment.Interview": {
        "scorecards": KEPT,
        "id": KEPT,
        "slot": KEPT,
        "application": KEPT,
        "status": KEPT,
        "uid": KEPT,
        "sequence": KEPT,
        "booked_at": KEPT,
        "booked_by": ANONYMISED,  # when the applicant booked it
        "changed_at": KEPT,
        "change_reason": ANONYMISED,
        "reminder_sent_at": KEPT,
    },
    "recruitment.Scorecard": {
        "id": KEPT,
        "interview": KEPT,
        "panel_member": KEPT,
        "scores": ANONYMISED,  # each row's evidence; the scores themselves stay
        "recommendation": KEPT,
        "notes": ANONYMISED,
        "submitted_at": KEPT,
        "updated_at": KEPT,
    },
    "recruitment.Offer": {
        "checks": KEPT,
        "id": KEPT,
        "application": KEPT,
        "state": KEPT,
        "job_title": KEPT,
        "team": KEPT,
        "grade": KEPT,
        "salary_point": KEPT,
        "hours": KEPT,
        "weekly_hours": KEPT,
        "employment_type": KEPT,
        "proposed_start_date": KEPT,
        "confirmed_start_date": KEPT,
        "cohort": KEPT,
        "letter_template": KEPT,
        "made_by": KEPT,  # HR
        "made_at": KEPT,
        "send_requested_at": KEPT,
        "send_requested_by": KEPT,
        "send_failure": ANONYMISED,  # may quote the applicant's address
        "send_failed_at": KEPT,
        "letter": ANONYMISED,  # the file is deleted from storage
        "sent_at": KEPT,
        "response_deadline": KEPT,
        "reminder_sent_at": KEPT,
        "answered_at": KEPT,
        "decline_reason": ANONYMISED,
        "withdrawn_at": KEPT,
        "withdrawn_by": KEPT,
        "withdrawal_reason": ANONYMISED,
        "unconditional_at": KEPT,
        # Set only for people who started: never on an unsuccessful application.
        "started_at": KEPT,
        "staff_record": KEPT,
        "enrolment": KEPT,
    },
    "recruitment.ReferenceRequest": dict.fromkeys(
        [
            "id",
            "application",
            "referee",
            "referee_name",
            "referee_email",
            "referee_organisation",
            "is_current_employer",
            "nonce",
            "state",
            "requested_at",
            "requested_by",
            "expires_at",
            "first_chaser_sent_at",
            "second_chaser_sent_at",
            "received_at",
            "how_known",
            "known_from",
            "known_to",
            "applicant_role",
            "suitable_with_children",
            "safeguarding_concerns",
            "safeguarding_detail",
            "disciplinary_action",
            "disciplinary_detail",
            "sickness_absence",
            "letter",
            "letter_name",
            "letter_content_type",
            "letter_size",
            "declined_reason",
            "satisfactory",
            "assessment_note",
            "assessed_by",
            "assessed_at",
        ],
        DELETED,
    ),
    "recruitment.PreEmploymentCheck": {
        "id": KEPT,
        "offer": KEPT,
        "kind": KEPT,
        "status": KEPT,
        "checked_on": KEPT,
        "checked_by": KEPT,  # HR
        "note": ANONYMISED,
        "applicant_action": KEPT,  # the checklist's words, not the person's
        "swe_number": ANONYMISED,
        "dbs_certificate_number": ANONYMISED,
        "dbs_issue_date": ANONYMISED,
        "dbs_outcome": KEPT,
        "dbs_details_removed_at": KEPT,
        "updated_at": KEPT,
    },
    "recruitment.OfferLetterTemplate": REFERENCE,
    "recruitment.RoutingRule": REFERENCE,
    "recruitment.RejectionReason": REFERENCE,
}


def reachable_fields() -> dict[str, set[str]]:
    """Every field of Application and of each recruitment model reached from it."""
    found: dict[str, set[str]] = {}
    todo = [apps.get_model("recruitment", "Application")]
    while todo:
        model = todo.pop()
        label = model._meta.label
        if label in found:
            continue
        found[label] = set()
        if MODELS.get(label) == REFERENCE:
            continue
        for field in model._meta.get_fields(include_hidden=False):
            found[label].add(field.name)
            related = field.related_model
            if related is not None and related._meta.app_label == "recruitment":
                todo.append(related)
    return found


def test_every_field_is_classified():
    found = reachable_fields()
    assert set(found) == set(MODELS), "a recruitment model reached from Application"
    for label, fields in found.items():
        if MODELS[label] == REFERENCE:
            continue
        assert fields == set(MODELS[label]), (
            label,
            "unclassified:",
            fields - set(MODELS[label]),
            "gone:",
            set(MODELS[label]) - fields,
        )


def test_the_sweep_blanks_exactly_the_fields_classified_as_anonymised():
    anonymised = {
        name for name, kind in MODELS["recruitment.Application"].items() if kind == ANONYMISED
    }
    assert set(retention.PERSONAL_FIELDS) | {"applicant"} == anonymised


# A whole unsuccessful application ---------------------------------------------------------

EVIDENCE = "Spoke about her own children's school"
PERSONAL_VALUES = {
    "heard_about_detail": "My neighbour Priya",
    "agency_name": "Quartermaine Staffing",
    "right_to_work_detail": "Settled status",
    "adjustments": "Step-free access",
    "needs_adjustments": True,
    "guaranteed_interview": True,
    "works_for_council_or_partner": True,
    "works_with_children_or_families": True,
    "has_level_2_english_maths": True,
    "post_qualifying_months_calculated": 36,
    "gap_explanations": {"2019-01": "Caring for my mother"},
    "routing_note": "Does not meet the rules for this route",
    "route_notice": "You applied for a post on our experienced route, but ...",
    "withdrawal_detail": "Personal reasons",
}


@pytest.fixture
def hr(staff_with_mfa, client):
    return staff_with_mfa(roles.HR_OFFICER, client)


def unsuccessful(hr, *, decided_at):
    """An application with every kind of personal data, interviewed and rejected."""
    application = factories.submitted(first_name="Zebedee", last_name="Quartermaine")
    drafts.cv_save(application=application, upload=factories.pdf_upload(), kind="pdf", by=None)
    EqualityMonitoring.objects.create(application=application, ethnicity="mixed", religion="sikh")
    screening.note_add(application=application, by=hr, text="Sounded distracted on the phone")
    interview_services.application_record_interview_offered(application=application, by=hr)
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    interview = factories.scored_interview(application, panel, evidence=EVIDENCE)
    Scorecard.objects.filter(interview=interview).update(notes="Nervous; mentioned her divorce")
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.HELD, change_reason="Her son was ill"
    )
    screening.application_reject(
        application=application,
        by=hr,
        reasons=[factories.rejection_reason()],
        message="Dear Zebedee, thank you",
    )
    Application.objects.filter(pk=application.pk).update(decided_at=decided_at, **PERSONAL_VALUES)
    TimelineEntry.objects.filter(application=application, action=TimelineAction.REJECTED).update(
        reason="Zebedee lacked court work"
    )
    export = DataExport.objects.create(user=application.applicant, state="ready")
    export.file.save(f"{export.pk}.pdf", ContentFile(b"%PDF Zebedee"), save=True)
    application.refresh_from_db()
    return application


def values(instance, names):
    return {name: getattr(instance, name) for name in names}


def concrete(label, kind):
    model = apps.get_model(label)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if MODELS[label][f.name] == kind and f.name not in {"updated_at", "anonymised_at"}
    ]


def test_the_sweep_removes_every_personal_field_and_keeps_the_rest(
    hr, site, django_capture_on_commit_callbacks
):
    now = timezone.now()
    application = unsuccessful(hr, decided_at=now - relativedelta(months=6, days=1))
    applicant = application.applicant
    cv_name = application.cv.file.name
    export = DataExport.objects.get(user=applicant)
    export_name = export.file.name
    private = storages["private"]
    assert private.exists(cv_name) and private.exists(export_name)

    personal = concrete("recruitment.Application", ANONYMISED)
    # Each personal field holds something, so its being empty afterwards proves something.
    assert all(values(application, personal).values()), values(application, personal)
    kept_before = values(application, concrete("recruitment.Application", KEPT))
    interview = Interview.objects.get(application=application)
    interview_kept = values(interview, concrete("recruitment.Interview", KEPT))
    card = Scorecard.objects.get(interview=interview)
    timeline_before = list(application.timeline.values_list("action", "from_status", "to_status"))
    assert application.timeline.filter(by=applicant).exists()

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.applications_anonymise_expired(now=now)

    assert result.applications == 1
    assert (result.cvs, result.referees, result.notes, result.equality) == (1, 2, 1, 1)
    assert result.data_exports == 1 and result.scorecards == 1
    application.refresh_from_db()
    after = values(application, personal)
    assert not any(after.values()), after
    assert application.applicant_id is None
    assert values(application, concrete("recruitment.Application", KEPT)) == kept_before
    assert application.anonymised_at == now
    assert list(application.rejection_reasons.all()) == [factories.rejection_reason()]
    for label in (
        "recruitment.EmploymentEntry",
        "recruitment.Referee",
        "recruitment.CV",
        "recruitment.EqualityMonitoring",
        "recruitment.Note",
    ):
        assert not apps.get_model(label).objects.filter(application=application).exists(), label
    assert not private.exists(cv_name)
    assert not private.exists(export_name)
    assert not DataExport.objects.filter(user=applicant).exists()
    # The timeline keeps what happened, not its words nor the applicant as actor.
    assert (
        list(
            application.timeline.exclude(action=TimelineAction.ANONYMISED).values_list(
                "action", "from_status", "to_status"
            )
        )
        == timeline_before
    )
    texts = application.timeline.exclude(action=TimelineAction.ANONYMISED).values_list(
        "reason", "applicant_text"
    )
    assert set(texts) == {("", "")}
    assert not application.timeline.filter(by=applicant).exists()
    assert application.timeline.filter(by=hr).exists()
    assert application.timeline.filter(action=TimelineAction.ANONYMISED).count() == 1
    history = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk)
    )
    assert history.exists() and not history.filter(user=applicant).exists()
    interview.refresh_from_db()
    assert interview.change_reason == "" and interview.booked_by_id is None
    assert values(interview, concrete("recruitment.Interview", KEPT)) == interview_kept
    card.refresh_from_db()
    assert [row["evidence"] for row in card.scores] == [""]
    assert [row["score"] for row in card.scores] == [3]
    assert card.notes == "" and card.recommendation == "appoint"
    # The account is left, and no longer reaches the application.
    assert not selectors.applications_for_applicant(applicant).exists()
    assert exports.applicant_data(applicant)["applications"] == []


def test_safe_to_run_twice(hr, site):
    now = timezone.now()
    unsuccessful(hr, decided_at=now - relativedelta(months=7))
    assert retention.applications_anonymise_expired(now=now).applications == 1
    again = retention.applications_anonymise_expired(now=now)
    assert again.counts() == dict.fromkeys(again.counts(), 0)
    assert TimelineEntry.objects.filter(action=TimelineAction.ANONYMISED).count() == 1


def test_five_months_after_the_decision_nothing_is_touched(hr, site):
    now = timezone.now()
    application = unsuccessful(hr, decided_at=now - relativedelta(months=5))
    before = values(application, [f.attname for f in Application._meta.concrete_fields])
    assert retention.applications_anonymise_expired(now=now).applications == 0
    application.refresh_from_db()
    assert values(application, [f.attname for f in Application._meta.concrete_fields]) == before
    assert CV.objects.filter(application=application).exists()
    assert Referee.objects.filter(application=application).count() == 2
    assert EmploymentEntry.objects.filter(application=application).exists()
    assert Note.objects.filter(application=application).exists()
    assert EqualityMonitoring.objects.filter(application=application).exists()
    assert Scorecard.objects.get().notes
    assert DataExport.objects.filter(user=application.applicant).exists()
    # "Download my data" still has everything.
    data = exports.applicant_data(application.applicant)
    assert [a["first_name"] for a in data["applications"]] == ["Zebedee"]


def test_withdrawn_and_declined_go_too_but_not_the_recruited_or_the_open(hr, site):
    now = timezone.now()
    long_ago = now - relativedelta(months=8)
    withdrawn = factories.submitted()
    screening.application_withdraw(
        application=withdrawn, by=withdrawn.applicant, reason="other", detail="My dog Rex is ill"
    )
    assert withdrawn.timeline.filter(reason__contains="Rex").exists()
    declined = factories.in_status(Status.OFFER_DECLINED)
    recruited = factories.in_status(Status.RECRUITED)
    open_one = factories.in_status(Status.SHORTLISTED)
    Application.objects.update(decided_at=long_ago)
    assert retention.applications_anonymise_expired(now=now).applications == 2
    withdrawn.refresh_from_db()
    assert withdrawn.anonymised_at and withdrawn.withdrawal_detail == ""
    assert withdrawn.withdrawal_reason == "other"
    assert not withdrawn.timeline.filter(reason__contains="Rex").exists()
    declined.refresh_from_db()
    assert declined.anonymised_at
    for kept in (recruited, open_one):
        kept.refresh_from_db()
        assert kept.anonymised_at is None and kept.first_name


def test_the_sweep_works_in_batches(site):
    now = timezone.now()
    made = [factories.in_status(Status.REJECTED) for _ in range(5)]
    Application.objects.update(decided_at=now - relativedelta(months=7))
    assert retention.applications_anonymise_expired(now=now, batch_size=2).applications == 5
    assert not Application.objects.filter(pk__in=[a.pk for a in made], anonymised_at=None).exists()


def test_the_period_is_hrs_setting(site):
    now = timezone.now()
    application = factories.in_status(Status.REJECTED)
    Application.objects.update(decided_at=now - relativedelta(months=3))
    assert selectors.unsuccessful_retention_months() == 6
    assert retention.applications_anonymise_expired(now=now).applications == 0
    RetentionPolicy.objects.update(unsuccessful_months=2)
    assert retention.applications_anonymise_expired(now=now).applications == 1
    application.refresh_from_db()
    assert application.anonymised_at


def test_dry_run_prints_and_changes_nothing(hr, site):
    now = timezone.now()
    application = unsuccessful(hr, decided_at=now - relativedelta(months=7))
    out = io.StringIO()
    call_command("recruitment_anonymise", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would anonymise 1 unsuccessful applications decided more than 6 months ago" in text
    assert "referees: 2" in text and "Dry run: nothing was changed." in text
    application.refresh_from_db()
    assert application.anonymised_at is None and application.first_name == "Zebedee"
    assert Referee.objects.filter(application=application).count() == 2
    out = io.StringIO()
    call_command("recruitment_anonymise", stdout=out)
    assert "Anonymised 1 unsuccessful applications" in out.getvalue()
    application.refresh_from_db()
    assert application.anonymised_at is not None


def test_the_daily_task_runs_the_sweep_and_logs_counts(hr, site, caplog):
    from recruitment.tasks import anonymise_expired_applications

    unsuccessful(hr, decided_at=timezone.now() - relativedelta(months=7))
    with caplog.at_level("INFO", logger="recruitment.services.retention"):
        result = anonymise_expired_applications.call()
    assert result["applications"] == 1 and result["referees"] == 2
    assert "Anonymised unsuccessful applications: applications 1" in caplog.text


# HR's setting -----------------------------------------------------------------------------

PREFIX = "recruitment_retention"


def test_hr_change_the_period_and_history_records_it(client, hr, site):
    policy = RetentionPolicy.objects.get()
    url = reverse(f"{PREFIX}:edit", args=[policy.pk])
    assert client.get(url).status_code == 200
    for bad in ("0", "121", "six", "-3", ""):
        response = client.post(url, {"unsuccessful_months": bad})
        assert response.status_code == 200, bad
        policy.refresh_from_db()
        assert policy.unsuccessful_months == 6
    assert (
        "Enter a number of months between 1 and 120"
        in client.post(url, {"unsuccessful_months": "121"}).text
    )
    response = client.post(url, {"unsuccessful_months": "12"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.unsuccessful_months == 12
    entry = ModelLogEntry.objects.get(action=retention.RETENTION_CHANGED)
    assert entry.user == hr and entry.data == {"from": "6", "to": "12"}
    history = reverse(
        f"{PREFIX}:history",
        args=[policy.pk],
    )
    assert "12 months (was 6)" in client.get(history).text


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r != roles.HR_OFFICER], ids=lambda r: r.slug
)
def test_other_roles_cannot_change_the_period(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    policy = RetentionPolicy.objects.get()
    prefix = PREFIX
    for url in (reverse(f"{prefix}:index"), reverse(f"{prefix}:edit", args=[policy.pk])):
        assert client.get(url).status_code in (302, 403), (role.slug, url)
    client.post(reverse(f"{prefix}:edit", args=[policy.pk]), {"unsuccessful_months": "1"})
    policy.refresh_from_db()
    assert policy.unsuccessful_months == 6


def test_nobody_adds_or_deletes_the_setting(client, hr, site):
    prefix = PREFIX
    policy = RetentionPolicy.objects.get()
    assert client.get(reverse(f"{prefix}:add")).status_code in (302, 403)
    client.post(reverse(f"{prefix}:delete", args=[policy.pk]))
    assert RetentionPolicy.objects.filter(pk=policy.pk).exists()


def test_anonymous_people_are_asked_to_sign_in(client, site):
    prefix = PREFIX
    response = client.get(reverse(f"{prefix}:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_hr_still_open_an_anonymised_application(client, hr, site):
    application = unsuccessful(hr, decided_at=timezone.now() - relativedelta(months=7))
    retention.applications_anonymise_expired()
    page = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert page.status_code == 200
    assert "Quartermaine" not in page.text and "Zebedee" not in page.text
    assert "Personal data removed" in page.text
    listing = client.get("/admin/recruitment/applications/")
    assert application.reference in listing.text
