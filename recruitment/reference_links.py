"""The referee's link: a signed, single-use token for one ``ReferenceRequest``.

The token carries the request's ``nonce`` (never its id or anything about the
applicant), signed with a salt of its own so no other signed value in the portal
can stand in for it. It stops working when:

- it was altered (the signature fails) or names no request (tampered);
- 28 days have passed since the request was made (``expires_at``, and the
  signature's own age, so a copied database row cannot extend it);
- the referee has answered or declined (single use);
- HR changed the referee (the request was replaced; the new referee has a new link).
"""

import datetime
import enum
import uuid

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment.choices import ReferenceState
from recruitment.models import ReferenceRequest

SALT = "recruitment.references.link"
LINK_DAYS = 28
MAX_AGE = datetime.timedelta(days=LINK_DAYS)


class LinkProblem(enum.Enum):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    ANSWERED = "answered"
    REPLACED = "replaced"


# What the referee reads on the page for each problem: nothing about the applicant.
PROBLEM_TEXT = {
    LinkProblem.TAMPERED: (
        _("This link does not work"),
        _("Check that you copied the whole link from the email we sent you."),
    ),
    LinkProblem.EXPIRED: (
        _("This link has expired"),
        _(
            "Links to give a reference work for 28 days. "
            "Reply to the email we sent you if you would still like to give one."
        ),
    ),
    LinkProblem.ANSWERED: (
        _("This link has already been used"),
        _("We have your answer. Thank you: there is nothing more you need to do."),
    ),
    LinkProblem.REPLACED: (
        _("This link no longer works"),
        _(
            "We no longer need a reference from you through this link. "
            "There is nothing more you need to do."
        ),
    ),
}


def expiry_for(made_at: datetime.datetime) -> datetime.datetime:
    return made_at + MAX_AGE


class ReferenceSigner(signing.TimestampSigner):
    """Django's timestamp signer, reading the time from ``django.utils.timezone.now``
    so the age is measured on the same clock as ``expires_at`` (and tests can move it)."""

    def timestamp(self):
        return signing.b62_encode(int(timezone.now().timestamp()))

    def unsign(self, value, max_age=None):
        result = signing.Signer.unsign(self, value)
        value, stamp = result.rsplit(self.sep, 1)
        age = timezone.now().timestamp() - signing.b62_decode(stamp)
        if max_age is not None and age > max_age.total_seconds():
            raise signing.SignatureExpired(f"Signature age {age} > {max_age}")
        return value


def _signer() -> ReferenceSigner:
    return ReferenceSigner(salt=SALT)


def token_for(request: ReferenceRequest) -> str:
    return _signer().sign(request.nonce.hex)


def _request_for_nonce(value: str) -> ReferenceRequest | None:
    nonce = _as_uuid(value)
    if nonce is None:
        return None
    return (
        ReferenceRequest.objects.select_related("application__vacancy").filter(nonce=nonce).first()
    )


def request_for_token(token: str) -> ReferenceRequest | None:
    """The request a genuine token names, in whatever state, however old (for the
    thank-you page after the link was used); None when the token is not ours."""
    try:
        return _request_for_nonce(_signer().unsign(token))
    except signing.BadSignature:
        return None


def reference_for_token(token: str) -> tuple[ReferenceRequest | None, LinkProblem | None]:
    """The request a token opens and no problem, or None and why the link does not work."""
    try:
        nonce = _signer().unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return None, LinkProblem.EXPIRED
    except signing.BadSignature:
        return None, LinkProblem.TAMPERED
    request = _request_for_nonce(nonce)
    if request is None:
        # Signed by us but gone (an anonymised application): no different from a bad link.
        return None, LinkProblem.TAMPERED
    if request.state == ReferenceState.REPLACED:
        return None, LinkProblem.REPLACED
    if request.state != ReferenceState.REQUESTED:
        return None, LinkProblem.ANSWERED
    if request.expires_at <= timezone.now():
        return None, LinkProblem.EXPIRED
    return request, None


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=value)
    except (ValueError, TypeError):
        return None
