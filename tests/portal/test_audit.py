import pytest
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from portal.audit import DataFormatter, record, register
from portal.models import Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Actions:
    def __init__(self):
        self.formatters = {}

    def register_action(self, name):
        def add(formatter):
            self.formatters[name] = formatter()

        return add


def test_a_recorded_write_is_in_the_objects_history_with_who_and_what():
    hr = UserFactory()
    council = Organisation.objects.create(name="Northshire", kind="council")
    record(council, "wagtail.edit", by=hr, data={"from": "Old", "to": "New"})
    entry = ModelLogEntry.objects.get(object_id=str(council.pk), action="wagtail.edit")
    assert entry.user == hr
    assert entry.data == {"from": "Old", "to": "New"}
    assert list(registry.get_logs_for_instance(council)) == [entry]


def test_a_registered_action_formats_its_message_from_the_entrys_data():
    actions = Actions()
    register(actions, "x.moved", "Moved", "Moved from {from} to {to}")
    formatter = actions.formatters["x.moved"]
    assert isinstance(formatter, DataFormatter)
    entry = ModelLogEntry(data={"from": "Planned", "to": "In progress"})
    assert formatter.format_message(entry) == "Moved from Planned to In progress"
    assert formatter.format_message(ModelLogEntry(data={})) == "Moved"


def test_a_removal_is_flagged_as_deleted_in_the_history():
    council = Organisation.objects.create(name="Eastshire", kind="council")
    record(council, "wagtail.delete", by=UserFactory(), deleted=True)
    assert ModelLogEntry.objects.get(object_id=str(council.pk)).deleted is True
