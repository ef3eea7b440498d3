"""Evidence coverage rules: what the programme requires by kind, what the member has,
which PCF domains and KSS statements their evidence shows, and whether they are
behind the expected pace.

Pure: plain values in, plain values out, no database. The programme's
``evidence_requirements`` is a list of ``{"type": <kind>, "count": n}``, optionally
with ``"at_months": [6, 12]`` for evidence due at set points (ASYE critical
reflections). Older data named types in words ("Direct observation"): ``kind_for``
maps either form to a kind.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.calendar import add_months

KINDS = (
    "direct_observation",
    "feedback_child",
    "feedback_professional",
    "written_report",
    "critical_reflection",
    "other",
)
# Words in a requirement's "type" that name a kind, tried in order.
_WORDS = (
    ("critical_reflection", ("reflection",)),
    ("direct_observation", ("observation",)),
    ("feedback_child", ("child", "young")),
    ("feedback_professional", ("professional",)),
    ("written_report", ("written", "report")),
)


def kind_for(type_name) -> str | None:
    """The evidence kind a requirement's "type" names, or None for something unknown."""
    if not isinstance(type_name, str) or not type_name.strip():
        return None
    text = type_name.strip().lower()
    slug = re.sub(r"[^a-z]+", "_", text).strip("_")
    if slug in KINDS:
        return slug
    for kind, words in _WORDS:
        if any(word in text for word in words):
            return kind
    return "other" if slug == "other" else None


@dataclass(frozen=True)
class Entry:
    kind: str
    date: datetime.date
    domain_ids: frozenset = frozenset()
    statement_ids: frozenset = frozenset()


def entries_from(rows) -> list[Entry]:
    """Plain entries from model rows: their domains and statements as the ids the
    dashboards attached (``evidence_selectors.EntriesWithFrameworkIds``), or read."""
    return [
        Entry(
            kind=row.kind,
            date=row.date,
            domain_ids=_ids(row, "domain_ids", "domains"),
            statement_ids=_ids(row, "statement_ids", "statements"),
        )
        for row in rows
    ]


def _ids(row, attached: str, related: str) -> frozenset:
    found = getattr(row, attached, None)
    if found is not None:
        return frozenset(found)
    return frozenset(item.pk for item in getattr(row, related).all())


@dataclass
class KindCoverage:
    kind: str
    label: str
    need: int
    have: int
    expected_now: int
    at_months: list = field(default_factory=list)

    @property
    def still_needed(self) -> int:
        return max(self.need - self.have, 0)

    @property
    def behind(self) -> bool:
        return self.have < self.expected_now


@dataclass
class Coverage:
    kinds: list
    domains_covered: set
    statements_covered: set
    domains_total: int
    statements_total: int
    fraction_elapsed: float

    @property
    def behind(self) -> bool:
        return any(k.behind for k in self.kinds)

    @property
    def complete(self) -> bool:
        return all(k.still_needed == 0 for k in self.kinds)

    def still_needed(self) -> list[str]:
        """Plain sentences: what the member still needs, kinds first."""
        lines = [
            _("%(count)s more: %(kind)s") % {"count": k.still_needed, "kind": k.label}
            for k in self.kinds
            if k.still_needed
        ]
        if len(self.domains_covered) < self.domains_total:
            lines.append(
                _("Evidence for %(count)s more PCF domains")
                % {"count": self.domains_total - len(self.domains_covered)}
            )
        if len(self.statements_covered) < self.statements_total:
            lines.append(
                _("Evidence for %(count)s more knowledge and skills statements")
                % {"count": self.statements_total - len(self.statements_covered)}
            )
        return lines


def effective_date(
    today: datetime.date, start_date: datetime.date, pauses: Iterable
) -> datetime.date:
    """``today`` moved back by the days paused between the start and today."""
    days = 0
    for pause in pauses:
        begin = max(pause.start_date, start_date)
        end = min(pause.end_date, today)
        if end >= begin:
            days += (end - begin).days + 1
    return today - datetime.timedelta(days=days)


def fraction_elapsed(
    *, today: datetime.date, start_date: datetime.date, length_months: int, pauses: Iterable = ()
) -> float:
    """How far through the programme's length the member is, paused days excluded (0 to 1)."""
    if not length_months or today <= start_date:
        return 0.0
    length = (add_months(start_date, length_months) - start_date).days
    done = (effective_date(today, start_date, pauses) - start_date).days
    return min(max(done / length, 0.0), 1.0)


def coverage(
    *,
    requirements: Sequence,
    entries: Iterable[Entry],
    labels: dict,
    today: datetime.date,
    start_date: datetime.date,
    length_months: int,
    pauses: Iterable = (),
    domains_total: int = 9,
    statements_total: int = 10,
) -> Coverage:
    """Required counts by kind against the entries, and the pace at ``today``.

    Expected by now: a kind with ``at_months`` expects one for each month passed
    (paused days excluded); any other kind expects its count pro rata of the
    programme's length, rounded down (so nobody is behind on day one).
    """
    pauses = list(pauses)
    entries = list(entries)
    elapsed = fraction_elapsed(
        today=today, start_date=start_date, length_months=length_months, pauses=pauses
    )
    moved = effective_date(today, start_date, pauses)
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    kinds = []
    for item in requirements or []:
        if not isinstance(item, dict):
            continue
        kind = kind_for(item.get("type"))
        need = item.get("count")
        if kind is None or not isinstance(need, int) or need <= 0:
            continue
        at_months = [m for m in item.get("at_months") or [] if isinstance(m, int)]
        if at_months:
            passed = sum(1 for m in at_months if add_months(start_date, m) <= moved)
            expected = min(passed * need // len(at_months), need)
        else:
            expected = int(need * elapsed)
        kinds.append(
            KindCoverage(
                kind=kind,
                label=str(labels.get(kind, item.get("type"))),
                need=need,
                have=counts.get(kind, 0),
                expected_now=expected,
                at_months=at_months,
            )
        )
    domains, statements = set(), set()
    for entry in entries:
        domains |= set(entry.domain_ids)
        statements |= set(entry.statement_ids)
    return Coverage(
        kinds=kinds,
        domains_covered=domains,
        statements_covered=statements,
        domains_total=domains_total,
        statements_total=statements_total,
        fraction_elapsed=elapsed,
    )
