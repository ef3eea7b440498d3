"""App-level tunables. Each reads ``settings.<NAME>`` and falls back to the default here."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def nqsw_cohort_size_min() -> int:
    """DOMAIN.md: NQSWs are recruited in cohorts of 7-10 at a time."""
    return _get("COHORTS_NQSW_COHORT_SIZE_MIN", 7)


def nqsw_cohort_size_max() -> int:
    return _get("COHORTS_NQSW_COHORT_SIZE_MAX", 10)


def attendance_attention_below() -> float:
    """An attendance rate under this (0-1) puts a member on the mentor's attention list."""
    return _get("COHORTS_ATTENDANCE_ATTENTION_BELOW", 0.8)


def meeting_attention_after_days() -> int:
    """No mentoring meeting for this many days puts a member on the attention list."""
    return _get("COHORTS_MEETING_ATTENTION_AFTER_DAYS", 42)


def review_soon_days() -> int:
    """A review point within this many days is flagged as coming up."""
    return _get("COHORTS_REVIEW_SOON_DAYS", 14)


def upcoming_sessions_shown() -> int:
    return _get("COHORTS_UPCOMING_SESSIONS_SHOWN", 5)


def calendar_token_salt() -> str:
    """Namespaces the signature in learners' calendar addresses."""
    return _get("COHORTS_CALENDAR_TOKEN_SALT", "cohorts.calendar")


def sign_off_due_days_ahead() -> int:
    """A placement is due for sign-off this many days before it ends, and until it is signed off."""
    return _get("COHORTS_SIGN_OFF_DUE_DAYS_AHEAD", 7)


def supervision_placements_per_page() -> int:
    """How many placements a page of the practice supervisor's list shows."""
    return _get("COHORTS_SUPERVISION_PLACEMENTS_PER_PAGE", 25)


def review_reminder_days() -> int:
    """Members, line managers and assessors are reminded of a review this many days ahead."""
    return _get("COHORTS_REVIEW_REMINDER_DAYS", 14)
