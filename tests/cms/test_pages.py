import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms import models as cms
from cms import presenters
from tests import factories

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class TestPageTreeRules:
    def test_home_page_only_at_the_root_and_only_once(self, site):
        assert cms.HomePage.allowed_parent_page_models() == [cms.Page]
        assert not cms.HomePage.can_create_at(site)
        assert not cms.HomePage.can_create_at(cms.Page.get_first_root_node())  # max_count 1

    def test_vacancies_live_only_under_the_jobs_page(self, site):
        jobs = factories.vacancy_index()
        campaigns = factories.campaign_index()
        assert cms.VacancyPage.can_create_at(jobs)
        assert not cms.VacancyPage.can_create_at(site)
        assert not cms.VacancyPage.can_create_at(campaigns)
        assert cms.CampaignPage.can_create_at(campaigns)
        assert not cms.CampaignPage.can_create_at(jobs)

    def test_section_pages_are_singletons_under_home(self, site):
        factories.vacancy_index()
        assert not cms.VacancyIndexPage.can_create_at(site)
        assert cms.StandardPage.can_create_at(site)

    def test_leaf_pages_take_no_children(self, site):
        assert cms.VacancyPage.allowed_subpage_models() == []
        assert cms.StoryPage.allowed_subpage_models() == []
        assert cms.CampaignPage.allowed_subpage_models() == []


class TestValidation:
    def test_vacancy_needs_a_closing_date_unless_rolling(self, site):
        page = cms.VacancyPage(title="x", slug="x", closing_date=None, is_rolling=False)
        with pytest.raises(ValidationError) as error:
            page.clean()
        assert "closing_date" in error.value.message_dict

    def test_vacancy_salary_range_must_be_ordered(self, site):
        page = cms.VacancyPage(
            title="x", slug="x", is_rolling=True, salary_min=40_000, salary_max=30_000
        )
        with pytest.raises(ValidationError) as error:
            page.clean()
        assert "salary_max" in error.value.message_dict

    def test_team_must_belong_to_the_service_area(self, site):
        duty = factories.ServiceAreaFactory(name="Duty", slug="duty")
        other_team = factories.TeamFactory()
        page = cms.VacancyPage(
            title="x", slug="x", is_rolling=True, service_area=duty, team=other_team
        )
        with pytest.raises(ValidationError) as error:
            page.clean()
        assert "team" in error.value.message_dict

    def test_campaign_closing_before_opening_is_refused(self, site):
        page = cms.CampaignPage(
            title="x", slug="x", routes=["asye"], opening_date=days(5), closing_date=days(1)
        )
        with pytest.raises(ValidationError):
            page.clean()

    def test_a_campaign_advertises_only_vacancies_on_its_routes(self, site):
        campaign = factories.make_campaign(routes=["asye"])
        vacancy = factories.make_vacancy(recruitment_route="asye", campaign=campaign)
        vacancy.recruitment_route = "experienced"
        with pytest.raises(ValidationError) as error:
            vacancy.clean()
        assert "campaign" in error.value.message_dict

    def test_brand_colour_must_keep_white_text_readable(self, site):
        settings = cms.SiteSettings(brand_colour="#ffdd00")
        with pytest.raises(ValidationError) as error:
            settings.clean()
        assert "brand_colour" in error.value.message_dict
        cms.SiteSettings(brand_colour="#1d4f91").clean()


class TestRendering:
    def test_home_page_lists_open_campaigns_and_counts_vacancies(self, client, site):
        factories.make_campaign(title="Grow your own degree")
        factories.make_campaign(
            title="Old campaign", is_rolling=False, opening_date=days(-30), closing_date=days(-1)
        )
        factories.make_vacancy()
        factories.make_vacancy(closing_date=days(-2))
        response = client.get("/")
        assert response.status_code == 200
        assert "Grow your own degree" in response.text
        assert "Old campaign" not in response.text
        assert "See 1 open vacancy" in response.text

    def test_campaign_page_lists_its_open_vacancies(self, client, site):
        campaign = factories.make_campaign(title="ASYE intake", routes=["asye"])
        factories.make_vacancy(title="NQSW Duty", recruitment_route="asye")
        factories.make_vacancy(title="Senior practitioner", recruitment_route="experienced")
        response = client.get(campaign.url)
        assert "NQSW Duty" in response.text
        assert "Senior practitioner" not in response.text
        assert "Newly qualified social worker (ASYE)" in response.text

    def test_vacancy_page_shows_the_person_specification(self, client, site):
        vacancy = factories.make_vacancy(title="Duty social worker")
        response = client.get(vacancy.url)
        assert "Registered with SWE" in response.text
        assert "Essential" in response.text and "Desirable" in response.text
        assert vacancy.essential_criteria == ["Registered with SWE"]

    def test_apply_starts_with_an_account(self, client, site):
        vacancy = factories.make_vacancy()
        response = client.get(vacancy.url)
        assert response.context["apply_url"]
        assert 'class="govuk-button govuk-button--start"' in response.text

    def test_closed_vacancy_page_says_closed_and_offers_no_apply(self, client, site):
        vacancy = factories.make_vacancy(closing_date=days(-1))
        response = client.get(vacancy.url)
        assert "This vacancy has closed" in response.text
        assert "govuk-button--start" not in response.text

    def test_story_and_standard_pages_render(self, client, site):
        story = factories.make_story(person_name="Jade")
        page = factories.make_standard_page(
            "faqs",
            "Frequently asked questions",
            body=[
                {
                    "type": "faq",
                    "value": {
                        "heading": "Applying",
                        "questions": [{"question": "Can I save?", "answer": "<p>Yes.</p>"}],
                    },
                }
            ],
        )
        assert "Jade" in client.get(story.url).text
        text = client.get(page.url).text
        assert "govuk-accordion" in text and "Can I save?" in text

    def test_unknown_address_gets_the_styled_404(self, client, site):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in response.text
        assert "govuk-skip-link" in response.text

    def test_council_settings_brand_every_page(self, client, site):
        from wagtail.models import Site

        settings = cms.SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.council_name = "Northtown City Council"
        settings.brand_colour = "#5b2c6f"
        settings.save()
        assert "Northtown City Council" in client.get("/").text
        css = client.get("/theme.css").text
        assert "--govuk-brand-colour: #5b2c6f" in css


class TestSummaries:
    """What a card, a vacancy page and a campaign page say, as GOV.UK summary lists."""

    def test_a_vacancy_card_has_a_line_each_for_route_place_pay_contract_and_closing(self, site):
        team = factories.TeamFactory(name="Leaving Care")
        vacancy = factories.make_vacancy(
            recruitment_route="asye",
            service_area=team.service_area,
            team=team,
            contract_type="fixed_term",
            salary_min=31_537,
            salary_max=33_366,
            grade="P2",
            is_rolling=True,
            closing_date=None,
        )
        rows = {str(row.key): row.value.text for row in presenters.vacancy_card_rows(vacancy)}
        assert rows == {
            "Route": "Newly qualified social worker (ASYE)",
            "Service area": f"{team.service_area.name}, Leaving Care",
            "Salary": "£31,537 to £33,366 (P2)",
            "Contract": "Fixed term",
            "Closing date": "Rolling: apply at any time",
        }

    def test_a_vacancy_page_lists_its_facts(self, client, site):
        vacancy = factories.make_vacancy(
            reference="CSC-1", working_pattern="Hybrid", closing_date=datetime.date(2099, 3, 3)
        )
        rows = {str(row.key): row.value.text for row in presenters.vacancy_summary_rows(vacancy)}
        assert rows["Salary"] == "£35,000 to £41,000 a year (P4)"
        assert rows["Hours"] == "37 hours a week, Hybrid"
        assert rows["Closing date"] == "Tuesday 3 March 2099"
        assert rows["Reference"] == "CSC-1"
        html = client.get(vacancy.url).text
        assert '<dt class="govuk-summary-list__key">Route</dt>' in html
        assert "Tuesday 3 March 2099" in html

    def test_a_campaign_page_says_what_it_recruits_for_one_route_a_line(self, client, site):
        campaign = factories.make_campaign(routes=["grow_your_own", "asye"])
        rows = presenters.campaign_summary_rows(campaign, is_open=True)
        assert rows[0].value.text == (
            "Grow your own social work degree\nNewly qualified social worker (ASYE)"
        )
        assert rows[1].value.text == "Rolling: apply at any time"
        html = client.get(campaign.url).text
        assert "Grow your own social work degree<br>Newly qualified social worker (ASYE)" in html
