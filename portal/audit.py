"""Writes that matter land in Wagtail's audit log, so an object's History says who did what.

Services call ``record`` (front end and back office alike: one path). Each app
registers the actions it records from its ``wagtail_hooks`` with ``register``,
giving a label for the History filter and a message that may name values
kept in the entry's ``data`` (for example "Moved from {from} to {to}").
"""

from wagtail.log_actions import LogFormatter, log


def record(
    instance, action: str, *, by=None, data: dict | None = None, deleted: bool = False
) -> None:
    """Add an entry to ``instance``'s history. ``by`` is None for the system (a sweep).

    ``deleted``: the row goes next (record just before deleting it), so the entry
    is flagged as Wagtail flags its own deletions.
    """
    log(
        instance=instance,
        action=action,
        user=by if getattr(by, "is_authenticated", False) else None,
        data={key: str(value) for key, value in (data or {}).items()},
        content_changed=True,
        deleted=deleted,
    )


class DataFormatter(LogFormatter):
    """A message with ``{name}`` placeholders filled from the entry's data."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        try:
            return str(self.message).format(**data)
        except (KeyError, IndexError, ValueError):
            return str(self.label)


def register(actions, name: str, label, message) -> None:
    """Register one action with the ``register_log_actions`` hook's registry."""
    formatter = type("Formatter", (DataFormatter,), {"label": label, "message": message})
    actions.register_action(name)(formatter)
