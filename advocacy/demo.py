"""Demo content for the knelpunten register and consultations (called by seed_demo).
Re-runnable: what exists (by title) is left as it is. Only the demo members' own
municipalities (Utrecht, Amsterdam) report and share knelpunten."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from taxonomy.models import Topic

from . import services
from .models import Consultation, ConsultationAnswer, Knelpunt

ANNA = "anna.devries@utrecht.nl"
MARK = "mark.jansen@amsterdam.nl"

# reporter, title, regulation, topic slug, description, days ago,
# [(supporter, comment)], (status, response) or None
KNELPUNTEN = [
    (ANNA, "Sluiten van een woning bij ernstige overlast duurt maanden",
     "Gemeentewet, artikel 174a", "burgemeestersbevoegdheden",
     "Bij ernstige overlast vanuit een woning bouwen wij eerst een dossier op voordat de "
     "burgemeester kan besluiten tot sluiting. Dat kost vaak maanden, terwijl de buren al die "
     "tijd last hebben. Wij zoeken een snellere weg die bij de rechter standhoudt.",
     40,
     [(MARK, "Ook in Amsterdam kost het opbouwen van zo'n dossier meestal enkele maanden.")],
     (Knelpunt.Status.IN_PROGRESS,
      "Dank voor het melden. Meer gemeenten herkennen dit. Wij nemen het mee in ons overleg met "
      "het ministerie van Justitie en Veiligheid en melden hier wat dat oplevert.")),
    (MARK, "Gebiedsverbod houdt op bij de gemeentegrens",
     "Gemeentewet, artikel 172a", "burgemeestersbevoegdheden",
     "Een gebiedsverbod geldt alleen in onze eigen gemeente. Wie zo'n verbod krijgt, verplaatst "
     "de overlast soms naar een buurgemeente, die niet weet dat er elders een verbod loopt.",
     21,
     [(ANNA, "Wij zien hetzelfde aan de randen van Utrecht; afstemming gaat nu per telefoon.")],
     None),
    (ANNA, "Delen van gegevens met zorgpartners bij verward gedrag",
     "Algemene verordening gegevensbescherming", "veiligheidsbeleid",
     "Bij personen met verward gedrag willen gemeente, politie en zorg snel samen optrekken. "
     "Onduidelijk is welke gegevens wij mogen delen voordat er een casusoverleg is.",
     6, [], None),
]

OPEN_CONSULTATION = (
    "veiligheidsbeleid", "Uw ervaring met het integraal veiligheidsplan",
    "De VNG verzamelt ervaringen van gemeenten met het opstellen van het integraal "
    "veiligheidsplan.\n\nHoe betrekt uw gemeente de gemeenteraad en de inwoners bij het plan? "
    "Wat werkt goed, en waar loopt u tegenaan? Wat zou u van de VNG willen hebben: een "
    "handreiking, voorbeelden van andere gemeenten, of iets anders?",
)
CLOSED_CONSULTATION = (
    "burgemeestersbevoegdheden", "Noodbevelen en noodverordeningen rond de jaarwisseling",
    "Heeft uw gemeente bij de afgelopen jaarwisseling een noodbevel of noodverordening "
    "ingezet? Zo ja: waarvoor, voor welk gebied, en hoe verliep de handhaving?",
    [(ANNA, "Ja, een noodbevel voor één wijk waar vuurwerk op hulpverleners werd gegooid. "
            "De handhaving ging goed dankzij extra inzet van de politie."),
     (MARK, "Nee, wij hebben het bij de bestaande APV-regels gelaten.")],
)


def seed(users, groups, editor):
    _knelpunten(users)
    _consultations(users, groups, editor)


def _knelpunten(users):
    now = timezone.now()
    topics = {t.slug: t for t in Topic.objects.all()}
    for (reporter, title, regulation, topic, description, days_ago, supports,
         triage) in KNELPUNTEN:
        if Knelpunt.objects.filter(title=title).exists():
            continue
        knelpunt = services.report_knelpunt(
            reporter=users[reporter], title=title, description=description,
            regulation=regulation, topic=topics.get(topic),
        )
        for supporter, comment in supports:
            services.support_knelpunt(user=users[supporter], knelpunt=knelpunt, comment=comment)
        knelpunt.supports.update(created_at=now - timedelta(days=days_ago - 2))
        fields = {"created_at": now - timedelta(days=days_ago)}
        if triage:
            fields["status"], fields["response"] = triage
        Knelpunt.objects.filter(pk=knelpunt.pk).update(**fields)


def _at_five(days):
    """Five in the afternoon, local time, `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def _consultations(users, groups, editor):
    group, title, question = OPEN_CONSULTATION
    if not Consultation.objects.filter(title=title).exists():
        # Through the service: the group's followers hear about it in their signal mail.
        services.open_consultation(editor=editor, group=groups[group], title=title,
                                   question=question, closes_at=_at_five(14))
    group, title, question, answers = CLOSED_CONSULTATION
    if not Consultation.objects.filter(title=title).exists():
        closed = services.open_consultation(editor=editor, group=groups[group], title=title,
                                            question=question, closes_at=_at_five(-30))
        Consultation.objects.filter(pk=closed.pk).update(created_at=_at_five(-60))
        for author, answer in answers:
            ConsultationAnswer.objects.create(
                consultation=closed, user=users[author], answer=answer,
                created_at=_at_five(-40), updated_at=_at_five(-40),
            )
