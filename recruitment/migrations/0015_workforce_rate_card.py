"""A first agency rate card, so the workforce page can estimate agency spend.

Illustrative day rates by grade from 1 January 2024, until HR enter the regional
agreement's (the rate card's help says so). Added only where the card is empty.
"""

import datetime
from decimal import Decimal

from django.db import migrations

VALID_FROM = datetime.date(2024, 1, 1)
RATES = {
    "sw2": Decimal("300"),
    "sw3": Decimal("330"),
    "senior_practitioner": Decimal("370"),
    "practice_supervisor": Decimal("390"),
    "team_manager": Decimal("420"),
}


def add_rates(apps, schema_editor):
    rate = apps.get_model("recruitment", "AgencyDayRate")
    if rate.objects.exists():
        return
    rate.objects.bulk_create(
        rate(grade=grade, day_rate=day_rate, valid_from=VALID_FROM)
        for grade, day_rate in RATES.items()
    )


def remove_rates(apps, schema_editor):
    rate = apps.get_model("recruitment", "AgencyDayRate")
    for grade, day_rate in RATES.items():
        rate.objects.filter(grade=grade, day_rate=day_rate, valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0014_workforce")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
