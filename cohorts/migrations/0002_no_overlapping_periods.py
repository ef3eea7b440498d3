"""A member's periods must not overlap: the database itself refuses it on PostgreSQL.

Exclusion constraints need PostgreSQL's btree_gist extension. On SQLite (used
in development and some test runs) both operations do nothing and
``cohorts.services`` enforces the same rule under a row lock.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = [
    (
        "cohorts_enrolment",
        "enrolment_no_overlap",
        "member_id WITH =, daterange(start_date, expected_end_date, '[]') WITH &&",
        "status IN ('active', 'paused')",
    ),
    (
        "cohorts_enrolmentpause",
        "pause_no_overlap",
        "enrolment_id WITH =, daterange(start_date, end_date, '[]') WITH &&",
        None,
    ),
    (
        "cohorts_placement",
        "placement_no_overlap",
        "enrolment_id WITH =, daterange(start_date, end_date, '[]') WITH &&",
        "status <> 'cancelled'",
    ),
]


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, expressions, where in CONSTRAINTS:
        condition = f" WHERE ({where})" if where else ""
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({expressions}){condition}"
        )


def remove_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _expressions, _where in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial")]

    operations = [
        # A no-op on databases other than PostgreSQL.
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, remove_constraints),
    ]
