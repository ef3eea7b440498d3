"""The sections of an application form, in task-list order."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cms.choices import Route

QUALIFIED_ROUTES = frozenset({Route.EXPERIENCED, Route.ASYE})
DEGREE_ROUTES = frozenset({Route.APPRENTICESHIP, Route.GROW_YOUR_OWN})


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    group: str
    routes: frozenset = frozenset(Route.values)
    optional: bool = False


ABOUT = _("About you")
SOCIAL_WORK = _("Qualifications and experience")
APPLICATION = _("Supporting information")
FINISH = _("Before you submit")

SECTIONS: tuple[Section, ...] = (
    Section("personal-details", _("Personal details"), ABOUT),
    Section("right-to-work", _("Right to work in the UK"), ABOUT),
    Section("how-you-applied", _("How you heard about us"), ABOUT),
    Section(
        "registration",
        _("Professional registration and qualification"),
        SOCIAL_WORK,
        routes=QUALIFIED_ROUTES,
    ),
    Section("eligibility", _("Eligibility"), SOCIAL_WORK, routes=DEGREE_ROUTES),
    Section("employment", _("Employment history"), SOCIAL_WORK),
    Section("experience", _("Post-qualifying experience"), SOCIAL_WORK, routes=QUALIFIED_ROUTES),
    Section("referees", _("References"), APPLICATION),
    Section("statement", _("Supporting statement"), APPLICATION),
    Section("cv", _("CV"), APPLICATION),
    Section("availability", _("Interview availability and adjustments"), APPLICATION),
    Section("guaranteed-interview", _("Guaranteed interview scheme"), APPLICATION),
    Section("equality", _("Equality monitoring"), FINISH, optional=True),
    Section("declaration", _("Declaration"), FINISH),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}

# The application fields each section may write; nothing else (never status or route).
SECTION_FIELDS: dict[str, frozenset[str]] = {
    "personal-details": frozenset(
        {"first_name", "last_name", "email", "phone", "address", "postcode"}
    ),
    "right-to-work": frozenset({"right_to_work", "right_to_work_detail"}),
    "how-you-applied": frozenset(
        {"heard_about", "heard_about_detail", "through_agency", "agency_name"}
    ),
    "registration": frozenset(
        {
            "swe_status",
            "swe_number",
            "qualification",
            "awarding_body",
            "qualified_on",
            "asye_status",
        }
    ),
    "eligibility": frozenset(
        {
            "works_for_council_or_partner",
            "works_with_children_or_families",
            "has_level_2_english_maths",
        }
    ),
    "experience": frozenset({"post_qualifying_months"}),
    "statement": frozenset({"supporting_statement"}),
    "availability": frozenset({"interview_availability", "needs_adjustments", "adjustments"}),
    "guaranteed-interview": frozenset({"guaranteed_interview"}),
    "declaration": frozenset(),
}


def sections_for(route: str) -> list[Section]:
    return [section for section in SECTIONS if route in section.routes]


def required_sections(route: str) -> list[str]:
    return [s.slug for s in sections_for(route) if not s.optional]


def missing_sections(application) -> list[Section]:
    done = set(application.completed_sections)
    return [s for s in sections_for(application.route) if not s.optional and s.slug not in done]


OWN_VIEWS = {
    "employment": "recruitment:employment",
    "referees": "recruitment:referees",
    "cv": "recruitment:cv",
    "equality": "recruitment:equality",
}


def section_url(application, slug: str) -> str:
    from django.urls import reverse

    if slug in OWN_VIEWS:
        return reverse(OWN_VIEWS[slug], args=[application.pk])
    return reverse("recruitment:section", args=[application.pk, slug])
