"""The learner's calendar address: a signed token of who they are and how often they reset it.

Pure functions over plain values; ``selectors`` read the generation, and
``services.sessions.calendar_feed_reset`` raises it.
"""

import uuid

from django.core import signing

from cohorts import conf


def _signer() -> signing.Signer:
    return signing.Signer(salt=conf.calendar_token_salt())


def calendar_token(public_id: uuid.UUID, generation: int) -> str:
    return _signer().sign(f"{public_id}:{generation}")


def read_calendar_token(token: str) -> tuple[uuid.UUID, int] | None:
    """(the learner's public id, the generation) from a genuine token, else None.

    An address from before resets existed carries the public id alone: generation 0.
    """
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    public_id, _sep, generation = value.partition(":")
    try:
        return uuid.UUID(public_id), int(generation or 0)
    except ValueError:
        return None
