"""Tunables, read from Django settings with the defaults from DOMAIN.md.

Routing rules themselves are data HR edit in the admin (``RoutingRule``).
"""

from django.conf import settings


def fast_track_working_days() -> int:
    """Used when a fast-track rule does not say its own number of days."""
    return getattr(settings, "RECRUITMENT_FAST_TRACK_WORKING_DAYS", 5)


def employment_gap_months() -> int:
    """Gaps in employment longer than this must be explained (safer recruitment)."""
    return getattr(settings, "RECRUITMENT_EMPLOYMENT_GAP_MONTHS", 3)


def reminder_hour() -> int:
    """HR's reminder goes at this hour on the working day before a fast-track falls due."""
    return getattr(settings, "RECRUITMENT_REMINDER_HOUR", 9)


def unsuccessful_retention_months() -> int:
    """Unsuccessful applicants' personal data is kept this long after the decision, until HR
    set their own period (``RetentionPolicy``, made from this value by migration 0010)."""
    return getattr(settings, "RECRUITMENT_UNSUCCESSFUL_RETENTION_MONTHS", 6)


def applicant_change_cutoff_hours() -> int:
    """Applicants may move or cancel an interview up to this many hours before it starts."""
    return getattr(settings, "RECRUITMENT_APPLICANT_CHANGE_HOURS", 24)


def working_hours() -> tuple[int, int]:
    """Interviews start no earlier and end no later than these hours (local time)."""
    return getattr(settings, "RECRUITMENT_INTERVIEW_HOURS", (8, 18))


def interview_reminder_hours() -> int:
    """Everyone is reminded this many hours before an interview."""
    return getattr(settings, "RECRUITMENT_INTERVIEW_REMINDER_HOURS", 24)


def data_export_days() -> int:
    """A prepared "Download my data" PDF can be downloaded for this many days, then goes."""
    return getattr(settings, "RECRUITMENT_DATA_EXPORT_DAYS", 7)


# Pre-employment checks ---------------------------------------------------------------


def dbs_details_months() -> int:
    """DBS certificate numbers and issue dates are removed this long after the check
    (DOMAIN.md: 6 months); the date of the check, its outcome and who cleared it stay."""
    return getattr(settings, "RECRUITMENT_DBS_DETAILS_MONTHS", 6)


def bespoke_hires_expected() -> tuple[int, int]:
    """Fast-track (bespoke interview) hires a month the council expects: fewest, most."""
    fewest, most = getattr(settings, "RECRUITMENT_BESPOKE_HIRES_EXPECTED", (1, 2))
    return fewest, most
