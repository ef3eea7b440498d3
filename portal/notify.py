"""Templated mail: one shape for every message the portal sends.

A message is two templates, ``<name>_subject.txt`` and ``<name>.txt``. Every
message is rendered with ``base_url`` (the portal's public address) and what
the registered context providers add (the council's name, from the public
site's settings), and ends with the same plain signature. Sending goes
through Django's mail API, which queues it (``portal.mail.TaskEmailBackend``).
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from portal.links import public_url

# Functions returning extra context for every mail; apps higher up register
# theirs in AppConfig.ready (portal must not import them).
_context_providers: list[Callable[[], dict]] = []


def add_context_provider(provider: Callable[[], dict]) -> None:
    if provider not in _context_providers:
        _context_providers.append(provider)


def mail_context(context: dict) -> dict:
    shared = {"base_url": public_url()}
    for provider in _context_providers:
        shared.update(provider())
    return {**shared, **context}


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) for ``template``, e.g. "recruitment/email/submitted"."""
    context = mail_context(context)
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context).strip() + "\n"
    signature = render_to_string("portal/email/signature.txt", context).strip()
    return subject, f"{body}\n{signature}\n"


def send_mail_template(
    template: str,
    context: dict,
    to: Iterable[str],
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> int:
    """Send one message per address in ``to`` (nobody sees another's address)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    subject, body = render_mail(template, context)
    for address in recipients:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for attachment in attachments:
            message.attach(*attachment)
        message.send()
    return len(recipients)
