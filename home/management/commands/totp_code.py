"""The current second-factor code for a TOTP secret, for a developer without an
authenticator app at hand: `manage.py totp_code <secret>` with the secret shown on the
activation page (/account/2fa/totp/activate/). It reads nothing from the database."""

import binascii
import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current TOTP code for a secret (as an authenticator app would)."

    def add_arguments(self, parser):
        parser.add_argument("secret", help="the authenticator secret (base32)")

    def handle(self, *args, secret, **options):
        secret = secret.replace(" ", "").upper()
        try:
            code = hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD)
        except (binascii.Error, ValueError) as exc:
            raise CommandError(f"Not a base32 secret: {exc}") from exc
        self.stdout.write(format_hotp_value(code))
