"""Telling a lost race from a broken database."""

from django.db import DatabaseError, IntegrityError

# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
CONTENTION_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_contention(error: BaseException) -> bool:
    """True when ``error`` means another transaction got there first, not that the
    database is unwell: a unique constraint, a serialization or deadlock failure
    on PostgreSQL, or SQLite's "database is locked"."""
    if isinstance(error, IntegrityError):
        return True
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate in CONTENTION_SQLSTATES:
        return True
    return "database is locked" in str(error)
