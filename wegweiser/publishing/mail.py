"""Sending mail: the one place that talks to the SMTP server.

The interface is Django's e-mail backend API: production uses the SMTP backend configured in
settings (``EMAIL_*``), the tests either Django's in-memory backend (the test double) or the SMTP
backend against a real local SMTP server (aiosmtpd)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class MailError(Exception):
    """The server refused the message or could not be reached."""


def mail_send(*, message: EmailMessage) -> None:
    """Send one message on its own connection; any failure becomes a ``MailError``."""
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    message.connection = connection
    try:
        sent = message.send(fail_silently=False)
    except Exception as error:  # SMTPException, OSError, timeouts: all mean "not sent"
        raise MailError(f"{type(error).__name__}: {error}") from error
    if sent != 1:
        raise MailError("The mail server accepted no message.")
