"""The staff record's services: joining, moving, leaving, agency vetting and start."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from wagtail.models import ModelLogEntry

from portal import staff as services
from portal.models import StaffRecord, StaffTeamPeriod
from portal.staff_selectors import current_period, current_staff, staff_visible_to
from tests import factories
from tests.factories import TeamFactory, UserFactory, staff_record, vetted_agency_worker

pytestmark = pytest.mark.django_db

JAN = datetime.date(2024, 1, 8)


def history(obj) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(obj.pk))
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


class TestJoining:
    def test_a_record_opens_in_its_team_and_is_in_history(self):
        team = TeamFactory()
        staff = staff_record(team=team)
        period = staff.team_periods.get()
        assert (period.team, period.start_date, period.end_date) == (team, JAN, None)
        assert history(staff) == [services.CREATED]

    def test_one_open_record_per_person(self):
        staff = staff_record()
        with pytest.raises(services.OpenRecordExists, match="already has an open staff record"):
            staff_record(person=staff.person)

    def test_the_database_refuses_a_second_open_record_too(self):
        staff = staff_record()
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffRecord.objects.create(
                person=staff.person,
                job_title="x",
                grade="sw2",
                employment_type="permanent",
                start_date=JAN,
            )

    def test_a_leaver_who_comes_back_gets_a_new_record_and_keeps_the_old(self):
        first = staff_record()
        services.staff_record_leave(
            staff=first, on=datetime.date(2024, 6, 30), reason="resigned", by=None
        )
        second = staff_record(person=first.person, start_date=datetime.date(2025, 2, 3))
        assert first.person.staff_records.count() == 2
        assert second.end_date is None

    def test_coming_back_before_the_last_day_is_refused(self):
        first = staff_record()
        services.staff_record_leave(
            staff=first, on=datetime.date(2024, 6, 30), reason="resigned", by=None
        )
        with pytest.raises(services.StaffError, match="after their last day"):
            staff_record(person=first.person, start_date=datetime.date(2024, 6, 30))

    def test_a_permanent_worker_needs_a_start_and_a_team_and_no_agency(self):
        with pytest.raises(services.StaffError, match="date they start"):
            services.staff_record_create(
                person=UserFactory(),
                job_title="SW",
                grade="sw2",
                employment_type="permanent",
                team=TeamFactory(),
                by=None,
            )
        with pytest.raises(services.StaffError, match="Only agency workers have an agency"):
            staff_record(agency=factories.agency())

    def test_an_agency_worker_needs_an_agency_of_kind_agency(self):
        with pytest.raises(services.StaffError, match="agency"):
            staff_record(employment_type="agency")
        with pytest.raises(services.StaffError, match="Select an employment agency"):
            staff_record(employment_type="agency", agency=factories.OrganisationFactory())

    def test_the_database_refuses_an_agency_worker_without_an_agency(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffRecord.objects.create(
                person=UserFactory(), job_title="x", grade="sw3", employment_type="agency"
            )

    def test_an_swe_number_must_look_like_one(self):
        with pytest.raises(services.StaffError, match="like SW123456") as refused:
            staff_record(swe_number="123456")
        assert refused.value.field == "swe_number"

    def test_part_time_needs_its_hours(self):
        with pytest.raises(services.StaffError, match="hours a week"):
            staff_record(hours="part_time")
        staff = staff_record(hours="part_time", weekly_hours=18.5)
        staff.refresh_from_db()
        assert str(staff.fte) == "0.50"


class TestMovingTeam:
    def test_a_move_keeps_the_old_team_in_history(self):
        first, second = TeamFactory(), TeamFactory()
        staff = staff_record(team=first)
        services.staff_move_team(staff=staff, team=second, on=datetime.date(2024, 5, 1), by=None)
        periods = list(staff.team_periods.order_by("start_date"))
        assert [(p.team, p.start_date, p.end_date) for p in periods] == [
            (first, JAN, datetime.date(2024, 4, 30)),
            (second, datetime.date(2024, 5, 1), None),
        ]
        assert history(staff) == [services.CREATED, services.MOVED]
        entry = ModelLogEntry.objects.for_instance(staff).get(action=services.MOVED)
        assert entry.data["to"] == second.name

    def test_a_move_on_or_before_joining_the_current_team_is_refused(self):
        staff = staff_record()
        with pytest.raises(services.NotAllowed, match="must be dated after they joined"):
            services.staff_move_team(staff=staff, team=TeamFactory(), on=JAN, by=None)

    def test_a_move_to_the_same_team_is_refused(self):
        team = TeamFactory()
        staff = staff_record(team=team)
        with pytest.raises(services.NotAllowed, match="already in"):
            services.staff_move_team(staff=staff, team=team, on=datetime.date(2024, 3, 1), by=None)

    def test_a_leaver_cannot_move(self):
        staff = staff_record()
        services.staff_record_leave(
            staff=staff, on=datetime.date(2024, 3, 1), reason="retired", by=None
        )
        with pytest.raises(services.NotAllowed, match="left on 1 March 2024"):
            services.staff_move_team(
                staff=staff, team=TeamFactory(), on=datetime.date(2024, 4, 1), by=None
            )

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
    def test_postgresql_refuses_overlapping_periods(self):
        staff = staff_record()
        StaffTeamPeriod.objects.filter(staff=staff).update(end_date=datetime.date(2024, 6, 30))
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffTeamPeriod.objects.create(
                staff=staff,
                team=TeamFactory(),
                start_date=datetime.date(2024, 6, 1),
                end_date=datetime.date(2024, 7, 31),
            )


class TestLeaving:
    def test_a_leaver_keeps_every_period_and_is_no_longer_current(self):
        staff = staff_record()
        services.staff_move_team(
            staff=staff, team=TeamFactory(), on=datetime.date(2024, 5, 1), by=None
        )
        services.staff_record_leave(
            staff=staff,
            on=datetime.date(2024, 9, 30),
            reason="another_council",
            note="Nearer home",
            by=None,
        )
        staff.refresh_from_db()
        assert staff.end_date == datetime.date(2024, 9, 30)
        assert staff.get_leaving_reason_display() == "Moved to another council"
        periods = list(staff.team_periods.order_by("start_date"))
        assert len(periods) == 2 and periods[-1].end_date == datetime.date(2024, 9, 30)
        assert staff in current_staff(on=datetime.date(2024, 9, 30))
        assert staff not in current_staff(on=datetime.date(2024, 10, 1))
        assert history(staff)[-1] == services.LEFT

    def test_leaving_twice_or_before_the_start_is_refused(self):
        staff = staff_record()
        with pytest.raises(services.NotAllowed, match="on or after 8 January 2024"):
            services.staff_record_leave(
                staff=staff, on=datetime.date(2024, 1, 7), reason="resigned", by=None
            )
        services.staff_record_leave(
            staff=staff, on=datetime.date(2024, 2, 1), reason="resigned", by=None
        )
        with pytest.raises(services.NotAllowed, match="already left"):
            services.staff_record_leave(
                staff=staff, on=datetime.date(2024, 3, 1), reason="resigned", by=None
            )

    def test_a_reason_is_required(self):
        with pytest.raises(services.StaffError, match="why they left"):
            services.staff_record_leave(
                staff=staff_record(), on=datetime.date(2024, 3, 1), reason="", by=None
            )


class TestAgencyWorkers:
    def agency_record(self, **fields):
        return staff_record(
            employment_type="agency", agency=factories.agency(), grade="sw3", **fields
        )

    def test_an_agency_record_has_no_start_and_is_not_counted(self):
        staff = self.agency_record()
        assert staff.start_date is None and staff.vetting.pk
        assert not current_staff(on=datetime.date(2030, 1, 1)).filter(pk=staff.pk).exists()

    def test_an_agency_worker_cannot_start_until_vetted(self):
        staff = self.agency_record()
        with pytest.raises(services.AgencyVettingIncomplete, match="cannot start until") as refused:
            services.agency_worker_start(staff=staff, team=TeamFactory(), on=JAN, by=None)
        assert "barred list" in refused.value.message
        staff.refresh_from_db()
        assert staff.start_date is None and not staff.team_periods.exists()

    def test_a_vetted_agency_worker_starts_and_is_counted(self):
        hr = UserFactory()
        staff = vetted_agency_worker()
        assert staff.vetting.dbs_recorded_at is not None
        team = TeamFactory()
        services.agency_worker_start(staff=staff, team=team, on=datetime.date(2024, 1, 15), by=hr)
        assert (
            current_period(current_staff(on=datetime.date(2024, 1, 15)).get(pk=staff.pk)).team
            == team
        )
        assert history(staff)[-1] == services.STARTED
        assert ModelLogEntry.objects.filter(action=services.VETTING_RECORDED).count() == 5

    def test_each_vetting_item_says_who_recorded_it(self):
        hr = UserFactory()
        staff = self.agency_record()
        vetting = services.agency_vetting_record(
            vetting=staff.vetting, item="interview", values={"interviewed_on": JAN}, by=hr
        )
        assert vetting.interview_recorded_by == hr and vetting.interview_recorded_at
        assert vetting.dbs_recorded_by is None

    def test_an_nqsw_is_refused_when_their_qualification_is_recorded(self):
        staff = self.agency_record()
        recent = datetime.date.today() - datetime.timedelta(days=300)
        with pytest.raises(services.NqswThroughAgency, match="never employed through an agency"):
            services.agency_vetting_record(
                vetting=staff.vetting,
                item="qualification",
                values={"qualification": "MA Social Work", "qualified_on": recent},
                by=None,
            )
        with pytest.raises(services.NqswThroughAgency, match="ASYE"):
            services.agency_vetting_record(
                vetting=staff.vetting,
                item="qualification",
                values={"qualified_on": datetime.date(2010, 1, 1), "in_asye": True},
                by=None,
            )

    def test_an_asye_grade_through_an_agency_is_refused(self):
        with pytest.raises(services.NqswThroughAgency, match="never employed through an agency"):
            staff_record(employment_type="agency", agency=factories.agency(), grade="sw1")

    def test_the_minimum_experience_is_a_setting(self, settings):
        staff = vetted_agency_worker(qualified_on=datetime.date(2021, 1, 1))
        settings.PORTAL_AGENCY_MINIMUM_EXPERIENCE_YEARS = 5
        with pytest.raises(services.NqswThroughAgency, match="at least 5 years"):
            services.agency_worker_start(staff=staff, team=TeamFactory(), on=JAN, by=None)

    def test_an_agency_record_cannot_be_given_a_start_at_creation(self):
        with pytest.raises(services.NotAllowed, match="starts only once"):
            self.agency_record(start_date=JAN)

    def test_a_future_date_or_an_unknown_item_is_refused(self):
        staff = self.agency_record()
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        with pytest.raises(services.NotAllowed, match="today or in the past"):
            services.agency_vetting_record(
                vetting=staff.vetting,
                item="interview",
                values={"interviewed_on": tomorrow},
                by=None,
            )
        with pytest.raises(services.NotAllowed, match="not an item"):
            services.agency_vetting_record(
                vetting=staff.vetting, item="interview", values={"dbs_outcome": "clear"}, by=None
            )

    def test_vetting_is_fixed_once_started_and_a_start_happens_once(self):
        staff = vetted_agency_worker()
        services.agency_worker_start(staff=staff, team=TeamFactory(), on=JAN, by=None)
        with pytest.raises(services.NotAllowed, match="has started"):
            services.agency_vetting_record(
                vetting=staff.vetting, item="interview", values={"interviewed_on": JAN}, by=None
            )
        with pytest.raises(services.NotAllowed, match="already started"):
            services.agency_worker_start(staff=staff, team=TeamFactory(), on=JAN, by=None)

    def test_a_permanent_worker_has_no_agency_start(self):
        with pytest.raises(services.NotAllowed, match="Only an agency worker"):
            services.agency_worker_start(staff=staff_record(), team=TeamFactory(), on=JAN, by=None)


class TestWhoSees:
    @pytest.mark.parametrize("role", factories.roles.ROLES)
    def test_only_hr_and_the_workforce_lead_see_records(self, role):
        staff_record()
        user = factories.user_with_role(role)
        expected = 1 if role in (factories.roles.HR_OFFICER, factories.roles.WORKFORCE_LEAD) else 0
        assert staff_visible_to(user).count() == expected
