"""Sending mail: the one place that talks to the SMTP server.

The interface is Django's e-mail backend API: production uses the SMTP backend configured in
settings (``EMAIL_*``), the tests either Django's in-memory backend (the test double) or the SMTP
backend against a real local SMTP server (aiosmtpd)."""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _


class MailError(Exception):
    """The server refused the message or could not be reached; the text says why, for staff."""


def _smtp_detail(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for address, (code, reply) in error.recipients.items()
        )
    code = getattr(error, "smtp_code", None)
    reply = getattr(error, "smtp_error", b"")
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip() if code else str(error)


def mail_error_reason(error: BaseException) -> str:
    """Why a message was not sent, in the words staff read in the dispatch log (German)."""
    server = {"server": f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"}
    with translation.override(settings.LANGUAGE_CODE):  # the worker has no request language
        if isinstance(error, ConnectionRefusedError):
            return _("The mail server %(server)s refused the connection (is it running?).") % server
        if isinstance(error, (TimeoutError, socket.timeout)):
            return _("The mail server %(server)s did not answer in time.") % server
        if isinstance(error, socket.gaierror):
            return _("The mail server's name %(server)s is unknown.") % server
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return _("The mail server did not accept the login (check user name and password).")
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            return _("The mail server refused the address: %(detail)s") % {"detail": _smtp_detail(error)}
        if isinstance(error, smtplib.SMTPSenderRefused):
            return _("The mail server refused the sender address: %(detail)s") % {
                "detail": _smtp_detail(error)
            }
        if isinstance(error, smtplib.SMTPServerDisconnected):
            return _("The mail server %(server)s closed the connection.") % server
        if isinstance(error, smtplib.SMTPException):
            return _("The mail server refused the message: %(detail)s") % {"detail": _smtp_detail(error)}
        if isinstance(error, OSError):
            return _("The mail server %(server)s could not be reached: %(detail)s") % {
                **server,
                "detail": error.strerror or str(error),
            }
        return _("The message could not be sent: %(detail)s") % {"detail": str(error) or type(error).__name__}


def mail_send(*, message: EmailMessage) -> None:
    """Send one message on its own connection; any failure becomes a ``MailError`` with a reason
    staff understand."""
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    message.connection = connection
    try:
        sent = message.send(fail_silently=False)
    except Exception as error:  # SMTPException, OSError, timeouts: all mean "not sent"
        raise MailError(mail_error_reason(error)) from error
    if sent != 1:
        with translation.override(settings.LANGUAGE_CODE):
            raise MailError(_("The mail server accepted no message."))
