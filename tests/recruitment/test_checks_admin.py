"""HR's checks pages: the list (filters, CSV, query counts), "Record check", the offer
page's checks panel, the checklist per route, and every URL tried by every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from recruitment.backoffice.checks import checks_panel_context
from recruitment.choices import CheckKind
from recruitment.models import CheckRequirement, Offer, OfferLetterTemplate, PreEmploymentCheck
from tests import factories
from tests.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/recruitment/checks/"
CHECKLIST = "/admin/recruitment/checks-required/"


@pytest.fixture
def hr(staff_with_mfa, client):
    return staff_with_mfa(roles.HR_OFFICER, client)


@pytest.fixture
def offer(site):
    return factories.offer()


def record(check):
    return reverse("recruitment_checks:record", args=[check.pk])


def many_checks(count):
    """``count`` checks on offers of one vacancy, made in bulk."""
    vacancy = factories.make_vacancy()
    team = factories.TeamFactory()
    template = OfferLetterTemplate.objects.get(is_default=True)
    kinds = list(CheckKind.values)
    offers = []
    for _n in range((count + len(kinds) - 1) // len(kinds)):
        application = ApplicationFactory(
            vacancy=vacancy, extras=False, status="conditions_pending", submitted_at=timezone.now()
        )
        offers.append(
            Offer(
                application=application,
                state="accepted",
                job_title="Social worker",
                team=team,
                grade="sw2",
                salary_point="Grade 9",
                employment_type="permanent",
                proposed_start_date=timezone.localdate(),
                letter_template=template,
            )
        )
    Offer.objects.bulk_create(offers)
    checks = [PreEmploymentCheck(offer=o, kind=k) for o in offers for k in kinds][:count]
    PreEmploymentCheck.objects.bulk_create(checks)


# The list --------------------------------------------------------------------------------


def test_hr_see_every_check_with_a_link_to_record_it(client, hr, offer):
    page = client.get(INDEX)
    assert page.status_code == 200
    assert offer.application.reference in page.text
    right_to_work = offer.checks.get(kind="right_to_work")
    assert record(right_to_work) in page.text
    # References follow the rule: no link to record them by hand.
    assert record(offer.checks.get(kind="references")) not in page.text


def test_the_list_filters_by_status_kind_and_route(client, hr, site):
    experienced = factories.offer(route="experienced")
    learner = factories.offer(route="apprenticeship")
    experienced.checks.filter(kind="dbs").update(status="cleared")
    page = client.get(INDEX, {"route": "apprenticeship"})
    assert learner.application.reference in page.text
    assert experienced.application.reference not in page.text
    page = client.get(INDEX, {"status": "cleared", "kind": "dbs"})
    assert experienced.application.reference in page.text
    assert learner.application.reference not in page.text
    # A value that is not a choice filters nothing out and breaks nothing.
    assert client.get(INDEX, {"status": "bogus", "route": "x"}).status_code == 200


def test_the_csv_has_statuses_never_numbers_or_notes(client, hr, offer):
    offer.checks.filter(kind="dbs").update(
        status="cleared",
        dbs_certificate_number="001234567890",
        dbs_outcome="clear",
        note="Disclosure discussed",
    )
    offer.checks.filter(kind="swe_registration").update(swe_number="SW424242")
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("Application,Route,Post,Check,Status")
    assert f"{offer.application.reference}," in body and "Clear: nothing disclosed" in body
    for secret in ("001234567890", "SW424242", "Disclosure discussed"):
        assert secret not in body


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_query_count_is_constant(client, hr, site, count, django_assert_max_num_queries):
    many_checks(count)
    with django_assert_max_num_queries(20):
        response = client.get(INDEX)
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(INDEX, {"export": "csv"})
        b"".join(response.streaming_content)


# Recording a check -------------------------------------------------------------------------


def test_hr_record_a_dbs_check(client, hr, offer):
    check = offer.checks.get(kind="dbs")
    page = client.get(record(check))
    assert page.status_code == 200 and "Never type, scan or upload the disclosure" in page.text
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
        record(check),
        {
            "status": "cleared",
            "checked_on": day.isoformat(),
            "dbs_certificate_number": "0012 3456 7890",
            "dbs_issue_date": day.isoformat(),
            "dbs_outcome": "clear",
            "note": "",
        },
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.checked_by, check.dbs_certificate_number) == (
        "cleared",
        hr,
        "001234567890",
    )


def test_bad_input_gets_an_error_summary_and_writes_nothing(client, hr, offer):
    check = offer.checks.get(kind="dbs")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for data, message in [
        ({}, "Select whether the check is cleared"),
        ({"status": "cleared", "checked_on": "32/13/2020"}, "Enter a valid date"),
        ({"status": "cleared", "checked_on": tomorrow}, "today or in the past"),
        (
            {"status": "cleared", "checked_on": "2020-01-01", "dbs_certificate_number": "12"},
            "12-digit number",
        ),
        (
            {
                "status": "cleared",
                "checked_on": "2020-01-01",
                "dbs_certificate_number": "001234567890",
                "dbs_issue_date": "2020-01-01",
                "dbs_outcome": "not_suitable",
            },
            "cannot be cleared",
        ),
    ]:
        response = client.post(record(check), data)
        assert response.status_code == 200, data
        assert "There is a problem" in response.text
        assert message in response.text, (data, message)
        check.refresh_from_db()
        assert check.status == "pending" and check.dbs_certificate_number == ""


def test_the_form_has_only_the_fields_of_its_kind(client, hr, offer):
    page = client.get(record(offer.checks.get(kind="right_to_work"))).text
    assert 'name="dbs_certificate_number"' not in page and 'name="swe_number"' not in page
    page = client.get(record(offer.checks.get(kind="swe_registration"))).text
    assert 'name="swe_number"' in page and 'name="dbs_outcome"' not in page


def test_the_references_check_has_no_form(client, hr, offer):
    assert client.get(record(offer.checks.get(kind="references"))).status_code == 404


def test_a_closed_offers_checks_have_no_form(client, hr, site):
    closed = factories.offer(state="withdrawn")
    assert client.get(record(closed.checks.get(kind="dbs"))).status_code == 404


def test_an_unknown_check_is_a_404(client, hr, site):
    assert client.get(reverse("recruitment_checks:record", args=[999999])).status_code == 404


def test_nobody_adds_edits_or_deletes_a_check_in_the_admin(client, hr, offer):
    check = offer.checks.get(kind="dbs")
    for url in (
        reverse("recruitment_checks:add"),
        reverse("recruitment_checks:edit", args=[check.pk]),
        reverse("recruitment_checks:delete", args=[check.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    client.post(reverse("recruitment_checks:delete", args=[check.pk]))
    assert PreEmploymentCheck.objects.filter(pk=check.pk).exists()


# Every URL by every role ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r != roles.HR_OFFICER], ids=lambda r: r.slug
)
def test_other_roles_reach_none_of_it(client, staff_with_mfa, offer, role):
    staff_with_mfa(role, client)
    check = offer.checks.get(kind="dbs")
    for url in (INDEX, INDEX + "?export=csv", record(check), CHECKLIST):
        assert client.get(url).status_code in (302, 403), (role.slug, url)
    client.post(record(check), {"status": "cleared", "checked_on": "2020-01-01"})
    check.refresh_from_db()
    assert check.status == "pending"


def test_the_applicant_reaches_none_of_it(client, offer):
    client.force_login(offer.application.applicant)
    check = offer.checks.get(kind="dbs")
    for url in (INDEX, record(check), CHECKLIST):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_anonymous_people_are_asked_to_sign_in(client, offer):
    for url in (INDEX, record(offer.checks.get(kind="dbs")), CHECKLIST):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


# The checks panel -------------------------------------------------------------------------


def test_the_panel_shows_hr_each_check_and_what_is_outstanding(hr, offer):
    offer.checks.filter(kind="dbs").update(status="cleared", checked_by=hr)
    context = checks_panel_context(offer, hr)
    assert context["checks_visible"]
    assert {row["check"].kind for row in context["checks"]} == set(
        offer.checks.values_list("kind", flat=True)
    )
    assert "Enhanced DBS with the children's barred list" not in context["outstanding"]
    assert "References" in context["outstanding"]
    assert context["references_shortfall"] == "0 of 2 satisfactory references"
    rows = {row["check"].kind: row for row in context["checks"]}
    assert rows["references"]["record_url"] == "" and rows["references"]["follows_references"]
    assert rows["dbs"]["record_url"] == record(rows["dbs"]["check"])


def test_the_panel_renders(hr, offer):
    from django.template.loader import render_to_string

    html = render_to_string(
        "recruitment/admin/includes/checks_panel.html", checks_panel_context(offer, hr)
    )
    assert "Pre-employment checks" in html and "Follows the references" in html


def test_the_panel_is_empty_for_anyone_but_hr(offer):
    for role in roles.ROLES:
        if role != roles.HR_OFFICER:
            user = factories.user_with_role(role)
            assert checks_panel_context(offer, user) == {"checks_visible": False}


# The checklist per route --------------------------------------------------------------------


def test_hr_edit_the_checklist_and_are_told_it_affects_new_offers_only(client, hr, site):
    page = client.get(CHECKLIST)
    assert page.status_code == 200
    requirement = CheckRequirement.objects.get(route="asye", kind="occupational_health")
    edit = client.get(reverse("recruitment_check_requirements:edit", args=[requirement.pk]))
    assert "affects new offers only" in edit.text
    response = client.post(
        reverse("recruitment_check_requirements:edit", args=[requirement.pk]),
        {"route": "asye", "kind": "occupational_health", "applicant_action": "Fill in the form."},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.applicant_action == "Fill in the form."
    # A second row for the same route and check is refused with a message.
    response = client.post(
        reverse("recruitment_check_requirements:add"),
        {"route": "asye", "kind": "occupational_health", "applicant_action": ""},
    )
    assert response.status_code == 200
    assert CheckRequirement.objects.filter(route="asye", kind="occupational_health").count() == 1


# The start date ------------------------------------------------------------------------------


def start_date(offer):
    return reverse("recruitment_checks:start_date", args=[offer.pk])


def test_hr_confirm_the_start_date(client, hr, offer):
    assert client.get(start_date(offer)).status_code == 200
    day = timezone.localdate() + datetime.timedelta(days=12)
    response = client.post(start_date(offer), {"start_date": day.isoformat()})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.confirmed_start_date == day
    assert checks_panel_context(offer, hr)["start_date"] == day


def test_a_start_date_in_the_past_is_refused_with_an_error_summary(client, hr, offer):
    for bad, message in [
        ("", "Enter the date they start"),
        ("2020-01-01", "today or in the future"),
        ("not a date", "Enter a valid date"),
    ]:
        response = client.post(start_date(offer), {"start_date": bad})
        assert response.status_code == 200 and "There is a problem" in response.text
        assert message in response.text, bad
    offer.refresh_from_db()
    assert offer.confirmed_start_date is None


def test_a_closed_or_unknown_offer_has_no_start_date_page(client, hr, site):
    closed = factories.offer(state="withdrawn")
    assert client.get(start_date(closed)).status_code == 404
    missing = reverse(
        "recruitment_checks:start_date", args=["00000000-0000-0000-0000-000000000000"]
    )
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r != roles.HR_OFFICER], ids=lambda r: r.slug
)
def test_other_roles_cannot_confirm_a_start_date(client, staff_with_mfa, offer, role):
    staff_with_mfa(role, client)
    assert client.get(start_date(offer)).status_code in (302, 403)
    client.post(start_date(offer), {"start_date": timezone.localdate().isoformat()})
    offer.refresh_from_db()
    assert offer.confirmed_start_date is None
