"""Demo content built by code. Re-runnable: a second run finds everything and changes
nothing. The README lists the accounts it creates."""

from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from community import services
from community.models import Folder, GroupIndexPage, GroupPage, Membership, Organisation, Thread
from home.editors import ensure_editor_group
from home.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

DEMO_PASSWORD = "Demo-OOV-2026!"

ACCOUNTS = [
    # email, first, last, function, organisation code, editor?
    ("redactie@vng.nl", "Redactie", "VNG", "Redacteur OOV-netwerk", None, True),
    ("anna.devries@utrecht.nl", "Anna", "de Vries", "Beleidsadviseur openbare orde", "GM0344", False),
    ("mark.jansen@amsterdam.nl", "Mark", "Jansen", "Adviseur veiligheid", "GM0363", False),
]

P = "<p>{}</p>"


def rich(*paragraphs):
    return "".join(P.format(p) for p in paragraphs)


PAGES = [
    ("over-het-netwerk", "Over het OOV-netwerk",
     "Een online plek waar gemeentelijke professionals in openbare orde en veiligheid kennis delen.",
     rich(
         "Het OOV-netwerk verbindt mensen die bij gemeenten en gemeentelijke samenwerkingsverbanden "
         "werken aan openbare orde en veiligheid. Hier deelt u ervaringen, stelt u vragen aan "
         "vakgenoten en volgt u wat er speelt in het vak.",
         "Onderwerpen die vaak terugkomen: de bevoegdheden van de burgemeester, de organisatie van "
         "de politie, veiligheidsbeleid en kleine criminaliteit. Het netwerk is opgezet door de "
         "Vereniging van Nederlandse Gemeenten (VNG).",
         "De VNG gebruikt wat deelnemers inbrengen ook voor haar belangenbehartiging: zo wordt "
         "zichtbaar waar gemeenten binnen bestaand beleid tegen knelpunten aanlopen.",
     )),
    ("wie-kan-deelnemen", "Wie kan deelnemen?",
     "Deelname staat open voor medewerkers van gemeenten en gemeentelijke samenwerkingsverbanden.",
     rich(
         "Werkt u bij een gemeente, een veiligheidsregio of een ander gemeentelijk "
         "samenwerkingsverband? Dan kunt u gratis deelnemen. U registreert zich met uw "
         "e-mailadres van het werk; daaraan herkennen we uw organisatie.",
         "Professionals van buiten, bijvoorbeeld van het Rijk, kunnen door een werkgroep worden "
         "uitgenodigd. Zij zien dan alleen die werkgroep.",
     )),
    ("zo-werkt-het", "Zo werkt het netwerk",
     "Algemene groepen, besloten werkgroepen en de signaleringsmail.",
     rich(
         "Het netwerk bestaat uit algemene groepen en besloten werkgroepen. Elke algemene groep is "
         "ingedeeld in mappen, zodat discussies en bestanden overzichtelijk blijven. Iedere "
         "deelnemer kan in alle algemene groepen meelezen en meepraten.",
         "Werkgroepen zijn besloten netwerken rond één thema. Alleen de leden zien wat daar "
         "besproken wordt.",
         "Met de signaleringsmail hoort u wat er nieuw is in de groepen die u volgt: direct, "
         "dagelijks of wekelijks, zoals u zelf kiest.",
     )),
    ("toegankelijkheid", "Toegankelijkheidsverklaring",
     "Het OOV-netwerk wil voor iedereen bruikbaar zijn.",
     rich(
         "Wij streven ernaar dat het OOV-netwerk voldoet aan de Web Content Accessibility "
         "Guidelines (WCAG) 2.1 op niveau AA, de norm voor de Nederlandse overheid. Alle pagina's "
         "zijn met het toetsenbord en met een schermlezer te gebruiken.",
         "Loopt u toch tegen een probleem aan? Laat het ons weten via het contactformulier of "
         "via oovnetwerk@vng.nl. We reageren binnen vijf werkdagen.",
     )),
]

NEWS = [
    (date(2026, 11, 20), "Nieuwe werkgroep over ondermijning in het buitengebied",
     "Gemeenten die te maken hebben met criminaliteit in het buitengebied kunnen zich aansluiten.",
     rich("In de nieuwe werkgroep wisselen gemeenten ervaringen uit over de aanpak van "
          "ondermijning op het platteland: leegstaande agrarische panden, drugsafval en "
          "bestuurlijke instrumenten.")),
    (date(2026, 10, 8), "Handreiking cameratoezicht vernieuwd",
     "De handreiking over cameratoezicht door gemeenten is bijgewerkt.",
     rich("De vernieuwde handreiking gaat in op mobiel cameratoezicht en op de afstemming met de "
          "politie. Deel uw ervaringen in de groep Burgemeestersbevoegdheden.")),
    (date(2026, 9, 15), "Terugblik op de OOV-dag",
     "Ruim tweehonderd gemeentelijke professionals kwamen samen in Utrecht.",
     rich("Tijdens de OOV-dag stonden het politiebestel en de rol van de gemeente centraal. De "
          "presentaties staan in de groep Politiebestel.")),
]

GROUPS = [
    ("burgemeestersbevoegdheden", "Burgemeestersbevoegdheden", GroupPage.Kind.GENERAL,
     "Over de bevoegdheden van de burgemeester: noodverordeningen, sluitingen, gebiedsverboden "
     "en de toepassing van de Gemeentewet en de Opiumwet.",
     ["Sluitingsbevoegdheden", "Noodbevelen en noodverordeningen", "Jurisprudentie"]),
    ("politiebestel", "Politiebestel", GroupPage.Kind.GENERAL,
     "Over de samenwerking tussen gemeente en politie: het driehoeksoverleg, de "
     "veiligheidsregio en de inzet van wijkagenten.",
     ["Driehoeksoverleg", "Capaciteit en inzet", "Evaluaties"]),
    ("veiligheidsbeleid", "Veiligheidsbeleid", GroupPage.Kind.GENERAL,
     "Over integraal veiligheidsbeleid: van veiligheidsanalyse en beleidsplan tot uitvoering en "
     "evaluatie in de gemeenteraad.",
     ["Integraal veiligheidsplan", "Veiligheidsanalyses", "Raadsinformatie"]),
    ("kleine-criminaliteit", "Kleine criminaliteit", GroupPage.Kind.GENERAL,
     "Over veelvoorkomende criminaliteit zoals winkeldiefstal, fietsendiefstal, vandalisme en "
     "overlast, en wat gemeenten daaraan doen.",
     ["Overlast en vandalisme", "Preventie", "Aanpak en handhaving"]),
    ("werkgroep-ondermijning-buitengebied", "Werkgroep ondermijning buitengebied",
     GroupPage.Kind.WORKING,
     "Besloten werkgroep van gemeenten die samen criminaliteit in het buitengebied aanpakken.",
     ["Casuïstiek", "Instrumenten"]),
]

THREADS = [
    # group slug, folder title, author email, title, body, replies [(email, body)]
    ("veiligheidsbeleid", "Integraal veiligheidsplan", "anna.devries@utrecht.nl",
     "Hoe betrekken jullie de raad bij het nieuwe IVP?",
     "We starten in januari met een nieuw integraal veiligheidsplan. Wie heeft goede ervaringen "
     "met een raadsbijeenkomst vooraf om prioriteiten op te halen?",
     [("mark.jansen@amsterdam.nl",
       "Wij hebben twee beeldvormende sessies gehouden, met cijfers per wijk. Dat gaf een goed "
       "gesprek over keuzes. Ik kan de opzet delen.")]),
    ("burgemeestersbevoegdheden", "Sluitingsbevoegdheden", "mark.jansen@amsterdam.nl",
     "Ervaringen met sluiting op grond van artikel 13b Opiumwet",
     "Bij een woningsluiting na een kleine hoeveelheid drugs kregen we het verwijt dat de "
     "maatregel onevenredig was. Hoe wegen jullie de proportionaliteit?",
     [("anna.devries@utrecht.nl",
       "Wij gebruiken een beleidsregel met een stappenplan en kijken altijd naar de gevolgen voor "
       "kinderen in huis. Dat houdt het bij de rechter overeind.")]),
    ("werkgroep-ondermijning-buitengebied", "Casuïstiek", "mark.jansen@amsterdam.nl",
     "Vertrouwelijk: signalen rond leegstaande stallen",
     "Overzicht van de signalen die we het afgelopen kwartaal kregen. Alleen voor de werkgroep.",
     []),
]


class Command(BaseCommand):
    help = ("Create the demo site: pages, groups, folders, threads, knelpunten, consultations "
            "and demo accounts (re-runnable).")

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_organisations", verbosity=0)
        home = self._home()
        self._pages(home)
        users = self._accounts()
        groups = self._groups(home)
        self._memberships(users, groups)
        self._threads(users, groups)
        self._knowledgebase(home)
        self._advocacy(users, groups)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    # -- pages ---------------------------------------------------------------------------
    def _child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def _home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
            home = HomePage(
                title="OOV-netwerk",
                slug="oov-netwerk",
                lead="Het kennisnetwerk van gemeentelijke professionals in openbare orde en "
                     "veiligheid.",
                body=rich(
                    "Deel kennis en ervaring met collega's van andere gemeenten, stel vragen aan "
                    "vakgenoten en praat mee over wat er speelt rond openbare orde en veiligheid.",
                    "Het OOV-netwerk is een initiatief van de VNG en gratis voor medewerkers van "
                    "gemeenten en gemeentelijke samenwerkingsverbanden.",
                ),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.filter(is_default_site=True).first()
            old_root = site.root_page if site else None
            if site:
                site.root_page = home
                site.site_name = "OOV-netwerk"
                site.save()
            else:
                Site.objects.create(hostname="localhost", port=80, root_page=home,
                                    is_default_site=True, site_name="OOV-netwerk")
            if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
                old_root.delete()
        return home

    def _pages(self, home):
        for slug, title, lead, body in PAGES:
            self._child(home, StandardPage, slug, title=title, lead=lead, body=body)
        news_index = self._child(
            home, NewsIndexPage, "nieuws", title="Nieuws",
            lead="Nieuws over het netwerk en over openbare orde en veiligheid bij gemeenten.",
        )
        for day, title, lead, body in NEWS:
            from django.utils.text import slugify

            self._child(news_index, NewsPage, slugify(title)[:50], title=title, date=day,
                        lead=lead, body=body)
        contact = ContactPage.objects.child_of(home).filter(slug="contact").first()
        if contact is None:
            contact = ContactPage(
                slug="contact", title="Contact",
                intro=rich("Heeft u een vraag over het OOV-netwerk, over uw account of over "
                           "deelname? Stuur ons een bericht. We reageren binnen vijf werkdagen."),
                thank_you_text=rich("Bedankt. We hebben uw bericht ontvangen en reageren binnen "
                                    "vijf werkdagen."),
                subject="Bericht via het contactformulier van het OOV-netwerk",
            )
            contact.form_fields = [
                ContactFormField(sort_order=0, label="Uw naam", field_type="singleline", required=True),
                ContactFormField(sort_order=1, label="Uw e-mailadres", field_type="email", required=True),
                ContactFormField(sort_order=2, label="Organisatie", field_type="singleline", required=False),
                ContactFormField(sort_order=3, label="Uw vraag of opmerking", field_type="multiline",
                                 required=True),
            ]
            home.add_child(instance=contact)
            contact.save_revision().publish()

    # -- accounts ------------------------------------------------------------------------
    def _accounts(self):
        User = get_user_model()
        editors = ensure_editor_group()
        from advocacy.permissions import grant_editor_permissions

        grant_editor_permissions(editors)
        vng, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.EXTERNAL, name="Vereniging van Nederlandse Gemeenten",
            defaults={"website": "https://vng.nl"},
        )
        users = {}
        for email, first, last, function, code, is_editor in ACCOUNTS:
            org = Organisation.objects.get(code=code) if code else vng
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    username=email.split("@")[0], email=email, password=DEMO_PASSWORD,
                    first_name=first, last_name=last, function=function, organisation=org,
                    default_signal_frequency="direct" if not is_editor else "never",
                )
                if is_editor:
                    user.groups.add(editors)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users[email] = user
        return users

    # -- groups --------------------------------------------------------------------------
    def _groups(self, home):
        index = self._child(
            home, GroupIndexPage, "groepen", title="Groepen",
            introduction=rich("In de algemene groepen praat iedere deelnemer mee. Werkgroepen "
                              "zijn besloten: alleen hun leden zien wat er besproken wordt."),
        )
        groups = {}
        for slug, title, kind, description, folders in GROUPS:
            group = self._child(
                index, GroupPage, slug, title=title, kind=kind, description=description,
                introduction=rich("Welkom in deze groep. Start een onderwerp in de map die past, "
                                  "of reageer op een vraag van een collega."),
                contact_person="Redactie OOV-netwerk",
            )
            for position, folder_title in enumerate(folders, start=1):
                if not Folder.objects.filter(group=group, title=folder_title).exists():
                    services.create_folder(group=group, title=folder_title, position=position)
            groups[slug] = group
        return groups

    def _memberships(self, users, groups):
        anna = users["anna.devries@utrecht.nl"]
        mark = users["mark.jansen@amsterdam.nl"]
        for slug in ("veiligheidsbeleid", "burgemeestersbevoegdheden"):
            services.add_member(user=anna, group=groups[slug])
        for slug in ("veiligheidsbeleid", "burgemeestersbevoegdheden", "politiebestel"):
            services.add_member(user=mark, group=groups[slug])
        services.add_member(user=mark, group=groups["werkgroep-ondermijning-buitengebied"],
                            role=Membership.Role.COORDINATOR)

    def _knowledgebase(self, home):
        from knowledgebase import demo

        demo.seed(home)

    def _advocacy(self, users, groups):
        from advocacy import demo

        demo.seed(users, groups, editor=users["redactie@vng.nl"])

    def _threads(self, users, groups):
        for group_slug, folder_title, author, title, body, replies in THREADS:
            group = groups[group_slug]
            folder = Folder.objects.get(group=group, title=folder_title)
            if Thread.objects.filter(folder=folder, title=title).exists():
                continue
            thread = services.create_thread(author=users[author], folder=folder, title=title, body=body)
            for reply_author, reply_body in replies:
                services.create_reply(author=users[reply_author], thread=thread, body=reply_body)
