from django.core.management.base import BaseCommand

from community import organisations
from community.models import Organisation, OrganisationDomain


class Command(BaseCommand):
    help = "Load or update the municipalities, safety regions and GGDs with their e-mail domains."

    def handle(self, *args, **options):
        counts = organisations.load(Organisation, OrganisationDomain)
        self.stdout.write(
            f"{counts['organisations']} organisations and {counts['domains']} domains added; "
            f"{Organisation.objects.count()} organisations in all."
        )
