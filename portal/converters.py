"""Path converters that bound what an address may carry."""


class IdConverter:
    """A row's integer id: up to 18 digits, so it always fits a 64-bit column.

    ``<int:…>`` takes any number of digits, and a 20-digit id reached the database
    (a server error); with ``<id:…>`` it simply matches nothing (404).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
