"""Issue 10's reviews in a real browser: an assessor records a review outcome (error state
first), and HR run a moderation panel in the back office; axe on every page."""

import datetime

import pytest

from cohorts.models import ModerationPanel
from portal import roles
from tests.cohorts import factories as f
from tests.e2e.browser import assert_accessible
from tests.e2e.test_cohorts_pages import sign_in
from tests.factories import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def press(page, button_name, nth=0):
    button = page.get_by_role("button", name=button_name).nth(nth)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def review_world(db):
    from tests.factories import home_page

    roles.sync_roles()
    home_page()
    # Four months in: the 3-month review is due.
    start = datetime.date.today() - datetime.timedelta(days=120)
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR, first_name="Idris", last_name="Vale")
    member = f.user_with_role(roles.COHORT_MEMBER, first_name="Maud", last_name="Penrose")
    enrolment = f.enrol(
        cohort=f.CohortFactory(name="ASYE intake", start_date=start),
        member=member,
        assessor=assessor,
    )
    review = enrolment.review_points.order_by("month").first()
    return {"assessor": assessor, "enrolment": enrolment, "review": review}


def test_assessor_records_a_review_outcome(browser_page, live_server, review_world):
    page = browser_page
    assessor, enrolment, review = (review_world[k] for k in ("assessor", "enrolment", "review"))
    give_totp(assessor)
    sign_in(page, live_server, assessor)
    page.goto(f"/supervision/learners/{enrolment.public_id}/")
    assert_accessible(page, "the assessor's learner page")
    page.goto(f"/supervision/learners/{enrolment.public_id}/reviews/{review.public_id}/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page, "the review page")

    press(page, "Save review")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_text("Choose a recommendation").first.is_visible()
    assert_accessible(page, "the review page with errors")

    page.get_by_label("On track").check()
    page.get_by_label("The member").check()
    page.get_by_label("The assessor").check()
    page.get_by_label("Assessor's summary").fill("Good progress on the first cases.")
    press(page, "Save review")
    page.wait_for_url(f"**/supervision/learners/{enrolment.public_id}/")
    assert page.get_by_text("Review recorded").first.is_visible()
    assert_accessible(page, "the learner page after the review")
    review.refresh_from_db()
    assert review.is_held and review.recommendation == "on_track"


@pytest.fixture
def panel_world(db):
    from cohorts.services import reviews
    from tests.factories import home_page

    roles.sync_roles()
    home_page()
    hr = f.user_with_role(roles.HR_OFFICER, first_name="Hana", last_name="Reyes")
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    people = []
    for first, last in [("Ottilie", "Marsh"), ("Caspian", "Hale")]:
        member = f.user_with_role(roles.COHORT_MEMBER, first_name=first, last_name=last)
        enrolment = f.enrol(
            cohort=f.CohortFactory(start_date=D(2025, 1, 6)), member=member, assessor=assessor
        )
        final = enrolment.review_points.get(is_final=True)
        reviews.review_record_outcome(
            review=final,
            held_on=D(2026, 1, 6),
            recommendation="pass",
            summary="Ready to finish",
            member_attended=True,
            line_manager_attended=True,
            assessor_attended=True,
            by=assessor,
        )
        people.append(enrolment)
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    spare = reviews.panel_create(date=D(2026, 5, 1), members=[hr], by=hr)
    return {"hr": hr, "panel": panel, "spare": spare, "enrolments": people}


def test_hr_run_a_moderation_panel(browser_page, live_server, panel_world):
    page = browser_page
    hr, panel = panel_world["hr"], panel_world["panel"]
    give_totp(hr)
    sign_in(page, live_server, hr)
    page.goto("/admin/cohorts/moderation-panels/")
    assert_accessible(page, "the moderation panels")
    page.goto(f"/admin/cohorts/moderation-panels/{panel.pk}/decisions/")
    assert page.get_by_text("Ottilie Marsh").first.is_visible()
    assert_accessible(page, "the panel's page")

    # Changed without a reason: the row's error, accessible.
    page.get_by_label("Recommendation changed").first.check()
    press(page, "Record the decision")
    assert "Give the reason the panel changed the recommendation" in page.content()
    assert_accessible(page, "the panel's page with an error")

    page.get_by_label("Recommendation confirmed").first.check()
    press(page, "Record the decision")
    assert page.get_by_text("Decision recorded").first.is_visible()
    assert_accessible(page, "the panel's page after a decision")

    # The panel's edit page, and deleting one that decided is refused with a message.
    page.goto(f"/admin/cohorts/moderation-panels/edit/{panel.pk}/")
    assert_accessible(page, "editing a panel")
    page.goto(f"/admin/cohorts/moderation-panels/delete/{panel.pk}/")
    assert_accessible(page, "deleting a panel")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, delete").click()
    assert page.get_by_text("cannot be deleted").first.is_visible()
    assert_accessible(page, "a refused deletion")

    spare = panel_world["spare"]
    page.goto(f"/admin/cohorts/moderation-panels/delete/{spare.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, delete").click()
    assert_accessible(page, "after deleting a panel")
    assert not ModerationPanel.objects.filter(pk=spare.pk).exists()
