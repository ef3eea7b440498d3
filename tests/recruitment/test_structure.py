"""The shape the issue asked for: one definition per section, transitions that refuse,
every back-office write in the admin's History, timelines in people's words."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.choices import Route
from portal import roles
from portal.errors import TransitionNotAllowed
from portal.states import check_transitions_complete
from recruitment import forms
from recruitment.choices import (
    INTERVIEW_TRANSITIONS,
    TRANSITIONS,
    InterviewStatus,
    Status,
    TimelineAction,
)
from recruitment.models import InterviewSlot
from recruitment.sections import SECTIONS, SECTIONS_BY_SLUG, progress, required_sections
from recruitment.services import interviews
from tests import factories as base_factories
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


# One definition per section ----------------------------------------------------------


def test_each_section_is_defined_once_with_its_form_fields_address_and_routing():
    for section in SECTIONS:
        if section.form is not None:
            assert issubclass(section.form, forms.SectionForm)
            assert section.fields == frozenset(section.form._meta.fields)
            assert not section.url_name
        else:
            assert section.url_name, section.slug
            assert section.fields == frozenset()
    # The sections whose answers routing reads, and only those, route again when changed.
    assert {s.slug for s in SECTIONS if s.reroutes} == {
        "how-you-applied",
        "registration",
        "eligibility",
        "employment",
        "experience",
    }
    # The application's own fields a section may write, never its status or route.
    writable = set().union(*(s.fields for s in SECTIONS))
    assert not writable & {"status", "route", "suggested_route", "submitted_at"}


def test_the_task_list_and_the_progress_count_read_the_same_definitions(client, site):
    application = factories.ApplicationFactory(route=Route.ASYE)
    application.completed_sections = ["personal-details", "right-to-work"]
    assert progress(application) == (2, len(required_sections(Route.ASYE)))
    sign_in_with_mfa(client, application.applicant)
    page = client.get(reverse("recruitment:application", args=[application.pk])).text
    for slug in required_sections(application.route):
        assert SECTIONS_BY_SLUG[slug].url(application) in page
    assert SECTIONS_BY_SLUG["eligibility"].url(application) not in page  # not an ASYE question


# Transition tables ---------------------------------------------------------------------


def test_every_status_has_a_row_in_its_transition_table():
    check_transitions_complete(TRANSITIONS, Status)
    check_transitions_complete(INTERVIEW_TRANSITIONS, InterviewStatus)


def test_a_cancelled_interview_cannot_be_recorded_as_held(site):
    application = factories.invited()
    panel = base_factories.UserFactory(roles=[roles.PANEL_MEMBER])
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interviews.interview_book(application=application, slot=slot, by=application.applicant)
    interviews.interview_cancel(interview=booked, by=application.applicant)
    with pytest.raises(TransitionNotAllowed) as refused:
        interviews.interview_record_outcome(interview=booked, by=panel, status=InterviewStatus.HELD)
    assert refused.value.message == "An interview that is 'Cancelled' cannot become 'Held'."


def test_the_admin_shows_a_refused_interview_move_as_a_message(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    application = factories.invited()
    panel = base_factories.UserFactory(roles=[roles.PANEL_MEMBER])
    booked = interviews.interview_book(
        application=application,
        slot=factories.slot(application.vacancy, panel=[panel]),
        by=application.applicant,
    )
    interviews.interview_cancel(interview=booked, by=hr, reason="Panel member ill")
    response = client.post(
        reverse("recruitment_interviews:interview_outcome", args=[booked.pk, "held"]), follow=True
    )
    assert response.status_code == 200
    assert "An interview that is &#x27;Cancelled&#x27; cannot become &#x27;Held&#x27;." in (
        response.text
    )
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.CANCELLED


# The admin's History ---------------------------------------------------------------------


def test_hr_actions_land_in_the_applications_history(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    application = factories.submitted(post_qualifying_months=12)
    assert application.status == Status.AWAITING_SHORTLISTING
    client.post(reverse("recruitment_application:shortlist", args=[application.pk]))
    entry = ModelLogEntry.objects.get(
        object_id=str(application.pk), action="recruitment.moved", user=hr
    )
    assert entry.data == {"from": "Awaiting shortlisting", "to": "Shortlisted"}
    history = client.get(reverse("recruitment_application:history", args=[application.pk]))
    assert history.status_code == 200
    assert "Status changed from Awaiting shortlisting to Shortlisted" in history.text


def test_a_slot_made_and_removed_in_the_back_office_is_in_its_history(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    panel = base_factories.UserFactory(roles=[roles.PANEL_MEMBER])
    vacancy = base_factories.make_vacancy()
    day = factories.working_day_ahead()
    client.post(
        reverse("recruitment_interviews:slot_new"),
        {
            "vacancy": vacancy.pk,
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "format": "phone",
            "panel": [panel.pk],
        },
    )
    slot = InterviewSlot.objects.get()
    assert ModelLogEntry.objects.filter(
        object_id=str(slot.pk), action="wagtail.create", user=hr
    ).exists()
    client.post(reverse("recruitment_interviews:slot_delete", args=[slot.pk]))
    assert not InterviewSlot.objects.exists()
    assert ModelLogEntry.objects.filter(object_id=str(slot.pk), action="wagtail.delete").exists()


def test_the_timeline_speaks_peoples_words(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    application = factories.invited()
    panel = base_factories.UserFactory(roles=[roles.PANEL_MEMBER])
    slot = factories.slot(application.vacancy, panel=[panel])
    interviews.interview_book(application=application, slot=slot, by=application.applicant)
    page = client.get(reverse("recruitment_application:inspect", args=[application.pk])).text
    assert "Interview booked" in page
    assert str(slot.pk) not in page  # the slot's time, never its id
    assert "moved to" not in page
    assert set(TimelineAction.values) >= set(application.timeline.values_list("action", flat=True))
