"""The referee's pages, reached by their signed link, without an account.

A link that does not work gets one plain page saying why (expired, used, replaced,
or not a link of ours) and nothing about the applicant. The token is in the
address, so these pages are never cached, indexed or sent on as a Referer to another site.
Addresses that keep failing are slowed down: a guessed token costs a lot of tries.
"""

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from portal.accounts import wait_in_words
from portal.errors import DomainError
from portal.forms import show_refusal
from recruitment import reference_links
from recruitment.choices import ReferenceState
from recruitment.reference_forms import DeclineForm, LetterForm, ReferenceForm
from recruitment.reference_links import LinkProblem
from recruitment.services import references

# Bad links an address may open in an hour before it must wait.
BAD_LINKS_PER_HOUR = 20
HOUR = 60 * 60


def _client_address(request) -> str:
    # The address the sign-in rate limits count (it honours the trusted proxies).
    return get_adapter().get_client_ip(request) or ""


def _bad_link_key(request) -> str:
    return f"reference-bad-links:{_client_address(request)}"


def _too_many_bad_links(request) -> bool:
    return cache.get(_bad_link_key(request), 0) >= BAD_LINKS_PER_HOUR


def _count_bad_link(request) -> None:
    key = _bad_link_key(request)
    if not cache.add(key, 1, HOUR):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, HOUR)


def _private(response):
    """The page holds a secret in its address and a person's name."""
    add_never_cache_headers(response)
    # Not "no-referrer": browsers would then send "Origin: null" and CSRF refuse the form.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request):
    response = render(request, "429.html", {"wait": wait_in_words(HOUR)}, status=429)
    response["Retry-After"] = str(HOUR)
    return _private(response)


def _problem_page(request, problem: LinkProblem):
    title, body = reference_links.PROBLEM_TEXT[problem]
    # A link that never was ours is "not found"; one that was, but no longer works, is gone.
    status = 404 if problem == LinkProblem.TAMPERED else 410
    response = render(
        request,
        "recruitment/reference_link_problem.html",
        {"title": title, "body": body},
        status=status,
    )
    return _private(response)


def _open(request, token):
    """(reference request, None) for a working link, or (None, the response to send)."""
    if _too_many_bad_links(request):
        return None, _too_many(request)
    reference, problem = reference_links.reference_for_token(token)
    if problem is not None:
        if problem == LinkProblem.TAMPERED:
            _count_bad_link(request)
        return None, _problem_page(request, problem)
    return reference, None


def _context(reference, **extra) -> dict:
    application = reference.application
    return {
        "reference": reference,
        "applicant_name": f"{application.first_name} {application.last_name}".strip(),
        "vacancy": application.vacancy,
        **extra,
    }


def reference(request, token):
    """The reference form, with a letter upload as the alternative."""
    reference, refused = _open(request, token)
    if refused:
        return refused
    posted = request.method == "POST"
    sending_letter = posted and request.POST.get("action") == "letter"
    form = ReferenceForm(request.POST if posted and not sending_letter else None)
    letter_form = LetterForm(request.POST, request.FILES) if sending_letter else LetterForm()
    if sending_letter and letter_form.is_valid():
        try:
            references.reference_upload_letter(
                request=reference, file=letter_form.cleaned_data["letter"]
            )
        except ValidationError as error:
            letter_form.add_error("letter", error)
        except DomainError as error:
            show_refusal(letter_form, error)
        else:
            return redirect("recruitment:reference_done", token)
    elif posted and not sending_letter and form.is_valid():
        try:
            references.reference_submit(request=reference, answers=form.answers())
        except DomainError as error:
            show_refusal(form, error)
        else:
            return redirect("recruitment:reference_done", token)
    response = render(
        request,
        "recruitment/reference.html",
        _context(reference, token=token, form=form, letter_form=letter_form),
    )
    return _private(response)


def reference_decline(request, token):
    reference, refused = _open(request, token)
    if refused:
        return refused
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            references.reference_decline(request=reference, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_refusal(form, error)
        else:
            return redirect("recruitment:reference_done", token)
    response = render(
        request, "recruitment/reference_decline.html", _context(reference, token=token, form=form)
    )
    return _private(response)


def reference_done(request, token):
    """Thanks, once the link has been used; nothing about the applicant."""
    if _too_many_bad_links(request):
        return _too_many(request)
    answered = reference_links.request_for_token(token)
    if answered is None:
        _count_bad_link(request)
        return _problem_page(request, LinkProblem.TAMPERED)
    if answered.state == ReferenceState.REQUESTED:
        return redirect("recruitment:reference", token)
    if answered.state == ReferenceState.REPLACED:
        return _problem_page(request, LinkProblem.REPLACED)
    response = render(
        request,
        "recruitment/reference_done.html",
        {"declined": answered.state == ReferenceState.DECLINED},
    )
    return _private(response)
