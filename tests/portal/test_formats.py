"""Dates in the GOV.UK style: the quick long date is what Django's date format gives."""

import datetime

from django.utils import formats

from portal.formats import long_date


def test_long_date_matches_djangos_format_every_day_of_four_years():
    day = datetime.date(2024, 1, 1)
    for offset in range(4 * 366):
        shown = day + datetime.timedelta(days=offset)
        assert long_date(shown) == formats.date_format(shown, "l j F Y")


def test_long_date_of_a_moment_is_its_local_day():
    # 23:30 UTC on 31 March 2026 is already 1 April in London (summer time).
    moment = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert long_date(moment) == "Wednesday 1 April 2026"
    assert long_date(None) == "" and long_date("") == ""
