"""The sections of an application form, in task-list order: each defined once.

A section says its title and group, which routes ask it, whether it is
optional, the form that saves it on the application (and so the fields it may
write), its own address when it has a page of its own, whether its answers can
change the route, and how its answers read on the check-answers page. The task
list, the check-answers page, the progress count, saving and routing all read
these definitions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from portal.formats import long_date
from recruitment import forms

QUALIFIED_ROUTES = frozenset({Route.EXPERIENCED, Route.ASYE})
DEGREE_ROUTES = frozenset({Route.APPRENTICESHIP, Route.GROW_YOUR_OWN})

ABOUT = _("About you")
SOCIAL_WORK = _("Qualifications and experience")
APPLICATION = _("Supporting information")
FINISH = _("Before you submit")


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _g("Yes") if value else _g("No")


@dataclass(frozen=True)
class Reader:
    """Who reads an application's answers, and so what they may not see.

    ``blind``: shortlisting is blind, so nothing that names the person (name,
    contact details, registration number on the public register, referees' names,
    the CV). ``panel``: an interview panel member, who is also not told of
    disclosures (the guaranteed interview scheme is a disclosure of disability;
    of adjustments they learn only that some are needed, HR arrange them).
    """

    blind: bool = False
    panel: bool = False

    @property
    def is_applicant(self) -> bool:
        return not (self.blind or self.panel)


APPLICANT = Reader()
PANEL = Reader(blind=True, panel=True)


def hr_reader(application) -> Reader:
    return Reader(blind=application.is_blind)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    group: str
    # (application, Reader) -> [(label, value)] for a summary of the answers.
    # None: the answers are never summarised (equality monitoring).
    answers: Callable | None
    routes: frozenset = frozenset(Route.values)
    optional: bool = False
    # The form that saves the section on the application itself, if it has one.
    form: type | None = None
    # A page of its own (employment, referees, CV, equality) instead of the section page.
    url_name: str = ""
    # Routing reads its answers: changing them after submission routes it again.
    reroutes: bool = False
    # Nothing in it is shown while shortlisting is blind (it names the person).
    identifying: bool = False
    # A disclosure the interview panel is not told of.
    disclosure: bool = False
    fields: frozenset = field(init=False)

    def __post_init__(self):
        form_fields = self.form._meta.fields if self.form is not None else ()
        object.__setattr__(self, "fields", frozenset(form_fields or ()))

    def url(self, application) -> str:
        if self.url_name:
            return reverse(self.url_name, args=[application.pk])
        return reverse("recruitment:section", args=[application.pk, self.slug])

    def asked_of(self, route: str) -> bool:
        return route in self.routes

    def shown_to(self, reader: Reader) -> bool:
        if self.answers is None:
            return False
        return not (self.identifying and reader.blind) and not (self.disclosure and reader.panel)


def _personal_details(application, reader):
    return [
        (_("Name"), application.full_name),
        (_("Email address"), application.email),
        (_("Phone number"), application.phone),
        (_("Address"), f"{application.address}\n{application.postcode}".strip()),
    ]


def _right_to_work(application, reader):
    return [
        (_("Right to work in the UK"), application.get_right_to_work_display()),
        (_("Details"), application.right_to_work_detail),
    ]


def _how_you_applied(application, blind):
    heard = " – ".join(
        x for x in [application.get_heard_about_display(), application.heard_about_detail] if x
    )
    return [
        (
            _("Where they heard about the job") if blind else _("Where you heard about the job"),
            heard,
        ),
        (_("Applying through an agency"), _yes_no(application.through_agency)),
        (_("Agency"), application.agency_name),
    ]


def _registration(application, reader):
    rows = [(_("Social Work England registration"), application.get_swe_status_display())]
    if not reader.blind:
        # The number names the person on the public register.
        rows.append((_("Registration number"), application.swe_number))
    return rows + [
        (_("Qualification"), application.qualification),
        (_("Awarding body"), application.awarding_body),
        (_("Date qualified"), long_date(application.qualified_on)),
        (_("ASYE"), application.get_asye_status_display()),
    ]


def _eligibility(application, reader):
    return [
        (
            _("Works for the council or a partner"),
            _yes_no(application.works_for_council_or_partner),
        ),
        (
            _("Experience with children, families or vulnerable adults"),
            _yes_no(application.works_with_children_or_families),
        ),
        (_("English and maths at level 2"), _yes_no(application.has_level_2_english_maths)),
    ]


def _employment(application, reader):
    jobs = sorted(application.employment.all(), key=lambda j: j.started_on, reverse=True)
    rows = [
        (
            f"{job.job_title}, {job.employer}",
            f"{long_date(job.started_on)} – "
            f"{long_date(job.ended_on) if job.ended_on else _g('now')}"
            + (f"\n{_g('Qualified social worker role')}" if job.is_social_work else ""),
        )
        for job in jobs
    ]
    return rows + [(_("Gap explained"), text) for text in application.gap_explanations.values()]


def _experience(application, reader):
    return [(_("Post-qualifying experience (months)"), application.post_qualifying_months)]


def _referees(application, reader):
    rows = []
    for referee in application.referees.all():
        if reader.blind:
            value = f"{referee.job_title}, {referee.organisation}"
        else:
            value = f"{referee.name}\n{referee.job_title}, {referee.organisation}\n{referee.email}"
            if referee.is_current_employer:
                value += f"\n{_g('Current or most recent employer')}"
        rows.append((_("Referee %(n)s") % {"n": referee.position}, value))
    return rows


def _statement(application, reader):
    return [(_("Supporting statement"), application.supporting_statement)]


def _cv(application, reader):
    cv = getattr(application, "cv", None)
    if reader.blind and cv:
        return [(_("CV"), _("Hidden until shortlisting is decided (it names the applicant)"))]
    return [(_("CV"), cv.original_name if cv else "")]


def _availability(application, reader):
    rows = [
        (_("Interview availability"), application.interview_availability),
        (_("Needs reasonable adjustments"), _yes_no(application.needs_adjustments)),
    ]
    if not reader.panel:
        rows.append((_("Adjustments"), application.adjustments))
    return rows


def _guaranteed_interview(application, reader):
    return [(_("Guaranteed interview scheme"), _yes_no(application.guaranteed_interview))]


def _declaration(application, reader):
    return [(_("Declaration confirmed"), long_date(application.declaration_confirmed_at))]


SECTIONS: tuple[Section, ...] = (
    Section(
        "personal-details",
        _("Personal details"),
        ABOUT,
        _personal_details,
        form=forms.PersonalDetailsForm,
        identifying=True,
    ),
    Section(
        "right-to-work",
        _("Right to work in the UK"),
        ABOUT,
        _right_to_work,
        form=forms.RightToWorkForm,
    ),
    Section(
        "how-you-applied",
        _("How you heard about us"),
        ABOUT,
        _how_you_applied,
        form=forms.HowYouAppliedForm,
        reroutes=True,
    ),
    Section(
        "registration",
        _("Professional registration and qualification"),
        SOCIAL_WORK,
        _registration,
        routes=QUALIFIED_ROUTES,
        form=forms.RegistrationForm,
        reroutes=True,
    ),
    Section(
        "eligibility",
        _("Eligibility"),
        SOCIAL_WORK,
        _eligibility,
        routes=DEGREE_ROUTES,
        form=forms.EligibilityForm,
        reroutes=True,
    ),
    Section(
        "employment",
        _("Employment history"),
        SOCIAL_WORK,
        _employment,
        url_name="recruitment:employment",
        reroutes=True,
    ),
    Section(
        "experience",
        _("Post-qualifying experience"),
        SOCIAL_WORK,
        _experience,
        routes=QUALIFIED_ROUTES,
        form=forms.ExperienceForm,
        reroutes=True,
    ),
    Section("referees", _("References"), APPLICATION, _referees, url_name="recruitment:referees"),
    Section(
        "statement", _("Supporting statement"), APPLICATION, _statement, form=forms.StatementForm
    ),
    Section("cv", _("CV"), APPLICATION, _cv, url_name="recruitment:cv"),
    Section(
        "availability",
        _("Interview availability and adjustments"),
        APPLICATION,
        _availability,
        form=forms.AvailabilityForm,
    ),
    Section(
        "guaranteed-interview",
        _("Guaranteed interview scheme"),
        APPLICATION,
        _guaranteed_interview,
        form=forms.GuaranteedInterviewForm,
        disclosure=True,
    ),
    Section(
        "equality",
        _("Equality monitoring"),
        FINISH,
        None,  # equality answers are kept apart, never part of a summary
        optional=True,
        url_name="recruitment:equality",
    ),
    Section("declaration", _("Declaration"), FINISH, _declaration, form=forms.DeclarationForm),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def sections_for(route: str) -> list[Section]:
    return [section for section in SECTIONS if section.asked_of(route)]


def required_sections(route: str) -> list[str]:
    return [s.slug for s in sections_for(route) if not s.optional]


def missing_sections(application) -> list[Section]:
    done = set(application.completed_sections)
    return [s for s in sections_for(application.route) if not s.optional and s.slug not in done]


def progress(application) -> tuple[int, int]:
    """(sections completed, sections required) for the task list."""
    required = required_sections(application.route)
    done = set(application.completed_sections)
    return sum(1 for slug in required if slug in done), len(required)
