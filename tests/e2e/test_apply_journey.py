"""Apply end to end as a new user would, with axe on every step and every error state."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from portal.calendar import add_working_days
from portal.formats import long_date
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.factories import make_vacancy
from tests.recruitment.factories import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 42"


def save(page):
    """Post the form and wait for the answer, so nothing races the next step."""
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Save and continue|Save job")).click()


def follow(page, locator):
    """Click a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def error_state(page, context):
    """Submit the page empty: GOV.UK error summary, and still accessible."""
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:"), context
    assert_accessible(page, f"{context} (errors)")


def open_section(page, name):
    follow(page, page.get_by_role("link", name=name, exact=True))
    assert_accessible(page, name)


def test_apply_journey(browser_page, site):
    page = browser_page
    vacancy = make_vacancy(title="Social worker, Duty and Assessment")

    # Apply needs an account: sign up, verify, and come straight back.
    page.goto(f"/applications/apply/{vacancy.pk}/")
    assert "/accounts/signup/" in page.url
    assert_accessible(page, "sign up")
    assert_first_tab_is_skip_link(page)
    page.get_by_label("Email").first.fill("new.applicant@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    follow(page, page.get_by_role("button", name=re.compile("Confirm", re.I)))
    # Straight back to the application, signed in.
    expect(page).to_have_url(re.compile(rf"/applications/apply/{vacancy.pk}/$"))
    assert_accessible(page, "start page")
    follow(page, page.get_by_role("button", name="Start your application"))
    expect(page.get_by_role("heading", name="Your application", level=1)).to_be_visible()
    assert_accessible(page, "task list")
    application_url = page.url

    open_section(page, "Personal details")
    error_state(page, "personal details")
    page.get_by_label("First name", exact=True).fill("Nia")
    page.get_by_label("Last name", exact=True).fill("Roberts")
    page.get_by_label("Email address", exact=True).fill("new.applicant@example.org")
    page.get_by_label("Phone number", exact=True).fill("07700 900456")
    page.get_by_label("Address", exact=True).fill("2 Station Road\nExample City")
    page.get_by_label("Postcode", exact=True).fill("EX2 2BB")
    save(page)

    open_section(page, "Right to work in the UK")
    error_state(page, "right to work")
    page.locator("#id_right_to_work_0").check()
    save(page)

    open_section(page, "How you heard about us")
    error_state(page, "how you heard")
    page.locator("#id_heard_about_1").check()
    page.locator("#id_through_agency_1").check()
    save(page)

    # Leave, and come back: nothing is lost.
    page.goto("/")
    page.goto("/applications/")
    assert_accessible(page, "my applications (draft)")
    follow(page, page.get_by_role("link", name="Social worker, Duty and Assessment"))
    assert page.url == application_url
    assert page.locator("#personal-details-status").inner_text().strip() == "Completed"
    assert page.locator("#how-you-applied-status").inner_text().strip() == "Completed"

    open_section(page, "Professional registration and qualification")
    error_state(page, "registration")
    page.locator("#id_swe_status_0").check()
    page.get_by_label("Registration number", exact=True).fill("SW 654321")
    page.get_by_label("Qualification", exact=True).fill("MA Social Work")
    page.get_by_label("Awarding body", exact=True).fill("Example University")
    qualified = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 5)
    page.locator("#id_qualified_on_day").fill(str(qualified.day))
    page.locator("#id_qualified_on_month").fill(str(qualified.month))
    page.locator("#id_qualified_on_year").fill(str(qualified.year))
    page.locator("#id_asye_status_0").check()
    save(page)

    open_section(page, "Employment history")
    follow(page, page.get_by_role("link", name="Add a job"))
    assert_accessible(page, "add a job")
    error_state(page, "add a job")
    page.get_by_label("Employer", exact=True).fill("Example City Council")
    page.get_by_label("Job title", exact=True).fill("Social worker")
    page.locator("#id_started_on_day").fill(str(qualified.day))
    page.locator("#id_started_on_month").fill(str(qualified.month))
    page.locator("#id_started_on_year").fill(str(qualified.year))
    page.locator("#id_is_social_work_0").check()
    save(page)
    assert_accessible(page, "employment history with a job")
    save(page)

    open_section(page, "Post-qualifying experience")
    page.get_by_label("How many months").fill("")
    error_state(page, "experience")
    page.get_by_label("How many months").fill("58")
    save(page)

    open_section(page, "References")
    error_state(page, "references")
    for n, (name, org) in enumerate(
        [("Ada Lovelace", "Example City Council"), ("Bo Diaz", "Shire")], 1
    ):
        page.locator(f"#id_referee{n}-name").fill(name)
        page.locator(f"#id_referee{n}-job_title").fill("Team manager")
        page.locator(f"#id_referee{n}-organisation").fill(org)
        page.locator(f"#id_referee{n}-email").fill(f"referee{n}@example.org")
        page.locator(f"#id_referee{n}-relationship").fill("Line manager")
    page.locator("#id_referee1-is_current_employer").check()
    save(page)

    open_section(page, "Supporting statement")
    error_state(page, "statement")
    page.get_by_label("Supporting statement", exact=True).fill(
        "I am registered and have court experience."
    )
    save(page)

    open_section(page, "CV")
    error_state(page, "cv")
    page.set_input_files(
        "#id_cv",
        files=[{"name": "renamed.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00bad"}],
    )
    save(page)
    assert "must be a PDF or a Word document" in page.content()
    assert_accessible(page, "cv (bad file)")
    page.set_input_files(
        "#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    save(page)

    open_section(page, "Interview availability and adjustments")
    error_state(page, "availability")
    page.get_by_label("When can you come to an interview?").fill("Any weekday morning")
    page.locator("#id_needs_adjustments_1").check()
    save(page)

    open_section(page, "Guaranteed interview scheme")
    error_state(page, "guaranteed interview")
    page.locator("#id_guaranteed_interview_1").check()
    save(page)

    open_section(page, "Equality monitoring")
    page.locator("#id_sex_2").check()
    save(page)

    open_section(page, "Declaration")
    error_state(page, "declaration")
    page.get_by_label("I confirm that the information").check()
    save(page)

    follow(page, page.get_by_role("link", name="Check your answers and submit"))
    assert_accessible(page, "check your answers")
    assert "SW654321" in page.content()
    follow(page, page.get_by_role("button", name="Submit application"))

    due = long_date(add_working_days(timezone.localdate(), 5))
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible()
    assert page.locator("#next-step").inner_text() == f"We will offer you an interview by {due}"
    assert_accessible(page, "confirmation")

    follow(page, page.get_by_role("link", name="See your application's status"))
    assert due in page.content()
    assert_accessible(page, "status")
    page.goto("/applications/")
    assert due in page.content()
    assert_accessible(page, "my applications")
    page.goto("/my-data/")
    assert_accessible(page, "my data")
    # Tests run tasks at once, so the PDF is ready when the page comes back.
    follow(page, page.get_by_role("button", name="Prepare a PDF"))
    expect(page.get_by_text("We are preparing your PDF")).to_be_visible()
    expect(page.get_by_role("link", name="Download your PDF")).to_be_visible()
    assert_accessible(page, "my data with a PDF ready")


def sign_in(page, user):
    from tests.factories import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email", exact=False).first.fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in"))


def test_withdraw_and_delete_are_accessible(browser_page, site):
    from tests.recruitment import factories

    page = browser_page
    submitted = factories.submitted()
    draft = factories.ApplicationFactory(applicant=submitted.applicant, completed_sections=[])
    sign_in(page, submitted.applicant)

    page.goto(f"/applications/{submitted.pk}/withdraw/")
    assert_accessible(page, "withdraw")
    follow(page, page.get_by_role("button", name="Withdraw application"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "withdraw (errors)")
    page.get_by_label("I have accepted another job").check()
    follow(page, page.get_by_role("button", name="Withdraw application"))
    expect(page.get_by_text("You withdrew this application")).to_be_visible()
    assert_accessible(page, "status after withdrawing")

    page.goto(f"/applications/{draft.pk}/")
    follow(page, page.get_by_role("link", name="Delete this draft application"))
    assert_accessible(page, "delete draft")
    follow(page, page.get_by_role("button", name="Delete draft"))
    expect(page.get_by_text("Your draft application has been deleted")).to_be_visible()
    assert_accessible(page, "my applications after deleting")
