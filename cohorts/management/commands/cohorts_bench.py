"""Time the rotation planner on the issue's yardstick: 40 NQSWs over 12 months.

``manage.py cohorts_bench`` plans the same cohort REPEAT times (pure planner,
no database) and reports the median and the slowest run against the target of
one second. It exits non-zero when the slowest run misses it.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from cohorts import planner
from cohorts.planner import MemberInfo, Rules, TeamInfo

TARGET_SECONDS = 1.0
MEMBERS = 40
START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 8, 31)
# Places per team, by service area: a large council's children's services.
CAPACITIES = {
    "early-help": [5, 5, 4],
    "camhs": [7, 7],
    "family-intervention": [14],
    "duty": [5, 5, 4],
    "fieldwork": [4, 4, 3, 3],
    "children-in-care": [6, 4, 4],
    "whole-life-disabilities": [2],
}
NQSW = Rules(
    areas=("duty", "fieldwork", "children-in-care"),
    induction_areas=("early-help", "camhs", "family-intervention"),
    induction_months=1,
    first_area="duty",
)


def bench_teams() -> list[TeamInfo]:
    made = []
    for area, places in CAPACITIES.items():
        for capacity in places:
            made.append(TeamInfo(id=len(made) + 1, area=area, capacity=capacity))
    return made


def bench_members() -> list[MemberInfo]:
    return [MemberInfo(id=n, start=START, end=END) for n in range(1, MEMBERS + 1)]


class Command(BaseCommand):
    help = "Time the rotation planner for 40 members over 12 months (target: under 1 s)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat, **options):
        teams, members = bench_teams(), bench_members()
        timings, placements = [], 0
        for _ in range(repeat):
            began = time.perf_counter()
            proposal = planner.propose(members=members, teams=teams, rules=NQSW)
            timings.append(time.perf_counter() - began)
            placements = len(proposal.placements)
        median, slowest = statistics.median(timings), max(timings)
        self.stdout.write(
            f"Rotation planner, {MEMBERS} members x 12 months ({placements} placements): "
            f"median {median * 1000:.1f} ms, slowest {slowest * 1000:.1f} ms "
            f"over {repeat} runs (target {TARGET_SECONDS * 1000:.0f} ms)"
        )
        if slowest >= TARGET_SECONDS:
            raise CommandError(f"The planner took {slowest:.2f} s, over {TARGET_SECONDS} s")
