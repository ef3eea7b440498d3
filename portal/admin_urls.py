"""Work-arounds for faults in Wagtail's own admin addresses, in front of Wagtail's URLs.

Each pattern here shadows the Wagtail pattern at the same address and hands
the request on to Wagtail's own view once the fault cannot happen. Remove a
work-around when the Wagtail release the portal uses fixes its fault.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import LogoutView
from wagtail.documents import get_document_model
from wagtail.documents.views.chooser import viewset as document_chooser
from wagtail.images import get_image_model
from wagtail.images.views.chooser import viewset as image_chooser


def is_key(model, value: str) -> bool:
    """True when ``value`` can be ``model``'s primary key (right type, in the database's range)."""
    field = model._meta.pk
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


def chosen(view, model):
    """Wagtail 8's ``ChosenView`` looks ``pk`` up without checking it, so a key of the
    wrong shape (a UUID for an integer key) raises ValueError: a 500. It is a 404."""

    @wraps(view)
    def wrapped(request, pk):
        if not is_key(model, pk):
            raise Http404
        return view(request, pk=pk)

    return wrapped


def chosen_multiple(view, model):
    """The same fault in ``ChosenMultipleView``, for each ``?id=`` (and out-of-range numbers)."""

    @wraps(view)
    def wrapped(request):
        if not all(is_key(model, pk) for pk in request.GET.getlist("id")):
            raise Http404
        return view(request)

    return wrapped


def login(request):
    """Everyone signs in through allauth, where staff give their authenticator app's code.

    Wagtail's own sign-in form at this address took an email and password alone and let
    staff into the admin without the second step."""
    target = reverse("account_login")
    next_path = request.GET.get("next", "")
    if next_path and url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
        target = f"{target}?{urlencode({'next': next_path})}"
    return redirect(target)


wagtail_logout = LogoutView.as_view()


def logout(request):
    """Wagtail's ``LogoutView`` deletes the session cookie whatever the method, even when
    it answers a GET with 405: a link on any site signed people out of their browser
    while their session stayed valid on the server. Only a POST reaches it (and the
    CSRF middleware has already refused a POST without the token)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return wagtail_logout(request)


def _chooser_patterns(viewset, model) -> list:
    return [
        path(
            f"{viewset.url_prefix}/chosen/<str:pk>/",
            require_admin_access(chosen(viewset.chosen_view, model)),
        ),
        path(
            f"{viewset.url_prefix}/chosen-multiple/",
            require_admin_access(chosen_multiple(viewset.chosen_multiple_view, model)),
        ),
    ]


urlpatterns = [
    path("login/", login),
    path("logout/", logout),
    *_chooser_patterns(document_chooser, get_document_model()),
    *_chooser_patterns(image_chooser, get_image_model()),
]
