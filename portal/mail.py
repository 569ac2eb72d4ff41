"""The site's e-mail backend (settings.EMAIL_BACKEND): it gives every outgoing mail that has
no Message-ID yet one in settings.MESSAGE_ID_DOMAIN, then hands the mails to the backend that
delivers them (settings.EMAIL_DELIVERY_BACKEND: SMTP in production, files in var/mail/
locally). Django would name the machine's host in the Message-ID — in a container an id or
"localhost" — which spam filters count against a mail. Signal mails set their own, stable
Message-ID (notifications.models.Delivery.message_id); it is kept."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid


class EmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.EMAIL_DELIVERY_BACKEND,
                                       fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            if not any(name.lower() == "message-id" for name in message.extra_headers):
                message.extra_headers["Message-ID"] = make_msgid(
                    domain=settings.MESSAGE_ID_DOMAIN)
        return self.delivery.send_messages(email_messages)
