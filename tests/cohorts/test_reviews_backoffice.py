"""Reviews part in the back office: moderation panels and their decisions."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts.models import Enrolment, ModerationPanel, PanelDecision
from cohorts.services import reviews
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def _final_recorded(recommendation="pass"):
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2025, 1, 6)), assessor=assessor)
    final = enrolment.review_points.get(is_final=True)
    reviews.review_record_outcome(
        review=final,
        held_on=D(2026, 1, 6),
        recommendation=recommendation,
        summary="Ready to finish",
        member_attended=True,
        line_manager_attended=True,
        assessor_attended=True,
        by=assessor,
    )
    return enrolment, final


def test_hr_create_a_panel_with_its_date_and_members(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    other = f.hr()
    url = reverse("cohorts_moderation_panel:add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": "2026-02-01", "members": [hr.pk, other.pk], "notes": "Quarterly"}
    )
    assert response.status_code == 302, response.context["form"].errors
    panel = ModerationPanel.objects.get()
    assert panel.date == D(2026, 2, 1)
    assert set(panel.members.all()) == {hr, other}
    assert ModelLogEntry.objects.filter(action="cohorts.panel.create").exists()
    assert client.get(reverse("cohorts_moderation_panel:index")).status_code == 200


def test_a_panel_without_members_is_refused(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    response = client.post(reverse("cohorts_moderation_panel:add"), {"date": "2026-02-01"})
    assert response.status_code == 200
    assert not ModerationPanel.objects.exists()


def test_the_panel_page_confirms_or_changes_with_a_reason(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    passing, final = _final_recorded("pass")
    failing, final_2 = _final_recorded("pass")
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    url = reverse("cohorts_moderation_panel:decide", args=[panel.pk])
    page = client.get(url).content.decode()
    assert passing.member.display_name in page and failing.member.display_name in page
    assert "Ready to finish" in page  # the review summary until coverage is wired in

    response = client.post(
        url,
        {
            "row": f"r{final.pk}",
            f"r{final.pk}-review": str(final.public_id),
            f"r{final.pk}-decision": "confirmed",
        },
    )
    assert response.status_code == 302
    passing.refresh_from_db()
    assert passing.status == Enrolment.Status.COMPLETED

    # Changed without a reason: refused, shown on the row's form, nothing saved.
    row = f"r{final_2.pk}"
    response = client.post(
        url, {"row": row, f"{row}-review": str(final_2.public_id), f"{row}-decision": "changed"}
    )
    assert response.status_code == 200
    assert "Give the reason the panel changed the recommendation" in response.content.decode()
    failing.refresh_from_db()
    assert failing.status == Enrolment.Status.ACTIVE
    response = client.post(
        url,
        {
            "row": row,
            f"{row}-review": str(final_2.public_id),
            f"{row}-decision": "changed",
            f"{row}-reason": "Too few direct observations",
        },
    )
    assert response.status_code == 302
    failing.refresh_from_db()
    assert failing.status == Enrolment.Status.FAILED
    assert PanelDecision.objects.count() == 2
    assert ModelLogEntry.objects.filter(action="cohorts.panel.decide").count() == 2
    page = client.get(url).content.decode()
    assert "Too few direct observations" in page


def test_workforce_lead_may_look_at_panels_but_not_decide(client, site, staff_with_mfa):
    lead = staff_with_mfa(roles.WORKFORCE_LEAD, client)
    _final_recorded()
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[lead], by=lead)
    assert client.get(reverse("cohorts_moderation_panel:index")).status_code == 200
    assert client.get(reverse("cohorts_moderation_panel:add")).status_code in (302, 403)
    url = reverse("cohorts_moderation_panel:decide", args=[panel.pk])
    assert client.get(url).status_code in (302, 403)


def _apprentice():
    programme = f.ProgrammeFactory(
        kind="apprenticeship", has_moderation_panel=False, practice_learning_days=0
    )
    return f.enrol(cohort=f.CohortFactory(programme=programme, start_date=D(2025, 1, 6)))


def test_hr_record_the_epa_then_complete_and_refusals_show(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = _apprentice()
    url = reverse("cohorts_enrolment:end", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"complete": "1"}, follow=True)
    assert "The end-point assessment result is not recorded" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    response = client.post(url, {"epa_result": "nonsense", "epa_date": "2026-12-01"})
    assert response.status_code == 200
    response = client.post(url, {"epa_result": "merit", "epa_date": "2026-12-01"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.epa_result == "merit"
    assert ModelLogEntry.objects.filter(action="cohorts.enrolment.epa").exists()
    assert client.post(url, {"complete": "1"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_an_asye_cannot_be_completed_from_the_back_office(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment, _final = _final_recorded()
    url = reverse("cohorts_enrolment:end", args=[enrolment.pk])
    response = client.post(url, {"complete": "1"}, follow=True)
    assert "moderation panel" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_workforce_lead_may_not_end_a_programme(client, site, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    enrolment = _apprentice()
    url = reverse("cohorts_enrolment:end", args=[enrolment.pk])
    assert client.post(url, {"complete": "1"}).status_code in (302, 403)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


# Editing and deleting a panel: through the service, in History ----------------------


def _decided_panel(hr):
    _enrolment, final = _final_recorded("pass")
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    reviews.panel_decide(panel=panel, review=final, decision="confirmed", reason="", by=hr)
    return panel


def test_hr_change_a_panels_date_and_members(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    other = f.hr()
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    url = reverse("cohorts_moderation_panel:edit", args=[panel.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-03-01", "members": [other.pk], "notes": "Moved"})
    assert response.status_code == 302, response.context["form"].errors
    panel.refresh_from_db()
    assert panel.date == D(2026, 3, 1) and panel.notes == "Moved"
    assert list(panel.members.all()) == [other]
    entry = ModelLogEntry.objects.get(action="cohorts.panel.change")
    assert entry.user_id == hr.pk and entry.data["count"] == "1"


def test_a_panel_that_decided_keeps_its_date_but_may_change_members(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    panel = _decided_panel(hr)
    other = f.hr()
    url = reverse("cohorts_moderation_panel:edit", args=[panel.pk])
    response = client.post(url, {"date": "2026-03-01", "members": [hr.pk], "notes": ""})
    assert response.status_code == 200
    assert "the date cannot change" in response.content.decode()
    panel.refresh_from_db()
    assert panel.date == D(2026, 2, 1)
    response = client.post(url, {"date": "2026-02-01", "members": [hr.pk, other.pk]})
    assert response.status_code == 302
    assert panel.members.count() == 2


def test_hr_delete_a_panel_that_decided_nothing(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    url = reverse("cohorts_moderation_panel:delete", args=[panel.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not ModerationPanel.objects.exists()
    entry = ModelLogEntry.objects.get(action="cohorts.panel.remove")
    assert entry.deleted and entry.user_id == hr.pk


def test_deleting_a_panel_with_decisions_is_refused_with_a_message(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    panel = _decided_panel(hr)
    response = client.post(reverse("cohorts_moderation_panel:delete", args=[panel.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be deleted because it has made decisions (1)" in response.content.decode()
    assert ModerationPanel.objects.filter(pk=panel.pk).exists()
    assert PanelDecision.objects.filter(panel=panel).count() == 1
    assert not ModelLogEntry.objects.filter(action="cohorts.panel.remove").exists()


def test_the_services_refuse_what_the_pages_refuse():
    hr = f.hr()
    panel = _decided_panel(hr)
    with pytest.raises(reviews.NotAllowed):
        reviews.panel_remove(panel=panel, by=hr)
    with pytest.raises(reviews.NotAllowed):
        reviews.panel_change(panel=panel, date=D(2026, 3, 1), members=[hr], by=hr)
    with pytest.raises(reviews.NotAllowed):
        reviews.panel_change(panel=panel, date=D(2026, 2, 1), members=[], by=hr)
