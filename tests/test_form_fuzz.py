"""Every form of the portal, front end and back office, fed generated input: never a
server error.

The forms are found, not listed: every ``Form`` subclass defined in the portal's
own modules, and the form of every model view set in the Wagtail admin. A new
form is fuzzed without anyone remembering to add it; one that needs arguments
to be built says how in ``FORM_ARGS`` (the test fails until it does).

Input is hostile on purpose: 30-digit ids, the years 1 and 9999, negative and
18-digit numbers, very long text, markup, nothing at all.
"""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from allauth.core.context import request_context
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.models import Cohort, ReviewPoint
from cohorts.planner import Proposal, ProposedPlacement
from recruitment.models import InterviewSlot
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

APPS = ("portal", "cms", "recruitment", "cohorts")

NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "9" * 30,
            "-1",
            "0",
            "9" * 18,
            "1e309",
            "NaN",
            "9999-12-31",
            "0001-01-01",
            "31/02/2026",
            "25:61",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "x" * 10_000,
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid",
        ]
    ),
)


def form_classes():
    """Every concrete form class defined in the portal's own modules."""
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            name = module_info.name
            if any(part in name for part in (".migrations", ".management", ".settings", ".wsgi")):
                continue
            module = importlib.import_module(name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__ == name
                    and not getattr(cls, "__abstract__", False)
                    and not issubclass(cls, WagtailAdminPageForm)
                    and not _unbound_model_form(cls)
                ):
                    found[f"{name}.{cls.__name__}"] = cls
    return found


def _unbound_model_form(cls) -> bool:
    """A model form mixin that a view set gives its model later (tested through it)."""
    return issubclass(cls, forms.BaseModelForm) and cls._meta.model is None


def viewset_forms():
    """The model form of every model view set in the admin (add and edit)."""
    assert get_resolver().url_patterns  # loading the admin's URLs registers its view sets
    found = {}
    for viewset in admin_viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label in APPS:
            for for_update in (False, True):
                form_class = viewset.get_form_class(for_update=for_update)
                found[f"{viewset.name}:{'edit' if for_update else 'add'}"] = form_class
    return found


def slots():
    return InterviewSlot.objects.all()


# Forms that need something to be built: how to build them for the test.
def rotation_plan() -> dict:
    """A one-placement proposal in the team's own service area."""
    team = TeamFactory()
    placement = ProposedPlacement(
        member=1,
        team=team.pk,
        area=team.service_area.slug,
        start=datetime.date(2026, 1, 5),
        end=datetime.date(2026, 6, 26),
    )
    return {"proposal": Proposal([placement]), "teams": [team]}


def caseload_worker():
    """A worker in the manager's count form, as its selector shapes them."""
    worker = UserFactory()
    worker.count_today = None
    return worker


FORM_ARGS = {
    "recruitment.backoffice.forms.BespokeOfferForm": lambda: {"slots": slots()},
    "recruitment.backoffice.forms.HrMoveInterviewForm": lambda: {"slots": slots()},
    "recruitment.interview_forms.ChooseSlotForm": lambda: {"slots": slots()},
    "recruitment.interview_forms.ScorecardForm": lambda: {"criteria": ["Court work", "Risk"]},
    "cohorts.forms.AttendanceRegisterForm": lambda: {"register": []},
    "cohorts.backoffice.forms.RotationPlanForm": lambda: rotation_plan(),
    "portal.accounts.PortalReauthenticateForm": lambda: {"user": UserFactory()},
    "recruitment.backoffice.offer_forms.OfferTermsForm": lambda: {
        "cohorts": Cohort.objects.all(),
        "needs_cohort": True,
    },
    "recruitment.forms.GapsForm": lambda: {
        "gaps": [(datetime.date(2024, 1, 1), datetime.date(2024, 6, 1))]
    },
    "cohorts.caseload_forms.CaseloadEntryForm": lambda: {"workers": [caseload_worker()]},
    "cohorts.reviews_forms.ReviewOutcomeForm": lambda: {"review": ReviewPoint(is_final=True)},
}
# Abstract bases, never bound to a request on their own.
NOT_FORMS = {"recruitment.forms.SectionForm", "recruitment.backoffice.forms.SlotDetailsForm"}


def field_names(form) -> list[tuple[str, object]]:
    """The names a browser would post for each field (date inputs have three boxes)."""
    names = []
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            suffixes = getattr(widget, "widgets_names", None) or [
                f"_{i}" for i in range(len(widget.widgets))
            ]
            names.extend((f"{key}{suffix}", None) for suffix in suffixes)
        else:
            names.append((key, field))
    return names


def data_for(form):
    """A strategy of POST data for ``form``: hostile values for each of its inputs."""
    items = {}
    for key, field in field_names(form):
        value = NASTY_TEXT
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            value = st.lists(NASTY_TEXT, max_size=3)
        items[key] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(items).map(lambda d: {k: v for k, v in d.items() if v is not None})


def posted_by(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    return request


def build(form_class, data=None, *, user=None):
    name = f"{form_class.__module__}.{form_class.__name__}"
    kwargs = FORM_ARGS.get(name, dict)()
    if issubclass(form_class, WagtailAdminModelForm):
        kwargs["for_user"] = user
    return form_class(data, **kwargs)


ALL_FORMS = {k: v for k, v in form_classes().items() if k not in NOT_FORMS}
ADMIN_FORMS = viewset_forms()


def test_the_fuzzer_finds_the_forms():
    # A finder that found nothing would fuzz nothing.
    assert "recruitment.backoffice.forms.BulkSlotForm" in ALL_FORMS
    assert "recruitment.forms.PersonalDetailsForm" in ALL_FORMS
    assert len(ALL_FORMS) >= 30
    assert "routingrule:add" in ADMIN_FORMS


def fuzz(form_class, user, *, examples: int) -> None:
    """Feed ``form_class`` hostile POST data; any exception would be a server error."""
    template = build(form_class, user=user)

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=data_for(template))
    def check(data):
        # allauth's forms read the request they are posted in.
        with request_context(posted_by(user)):
            form = build(form_class, data, user=user)
            form.is_valid()
            str(form.errors)

    check()


@pytest.mark.parametrize("name", sorted(ALL_FORMS))
def test_no_form_breaks_on_hostile_input(name, site):
    fuzz(ALL_FORMS[name], UserFactory(is_superuser=True), examples=25)


@pytest.mark.parametrize("name", sorted(ADMIN_FORMS))
def test_no_admin_form_breaks_on_hostile_input(name, site):
    fuzz(ADMIN_FORMS[name], UserFactory(is_superuser=True), examples=20)
