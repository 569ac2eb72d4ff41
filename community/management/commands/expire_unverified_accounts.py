from django.core.management.base import BaseCommand

from community.accounts_services import expire_unverified_accounts


class Command(BaseCommand):
    help = "Delete sign-ups whose e-mail address was not verified within N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Default: settings.UNVERIFIED_ACCOUNT_DAYS")

    def handle(self, *args, days=None, **options):
        count = expire_unverified_accounts(days=days)
        self.stdout.write(f"{count} unverified account(s) deleted.")
