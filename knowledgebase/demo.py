"""Demo content for the knowledge base, called from home's seed_demo command.
Re-runnable: a second run finds everything and changes nothing."""

from wagtail.models import Page

from community.models import GroupPage
from taxonomy.models import Topic

from .models import ArticlePage, Audience, KnowledgeIndexPage, TopicPage

TOPICS = [
    # slug, name, description, group slug
    ("burgemeestersbevoegdheden", "Burgemeestersbevoegdheden",
     "Noodverordeningen, sluitingen, gebiedsverboden en andere bevoegdheden van de burgemeester.",
     "burgemeestersbevoegdheden"),
    ("politiebestel", "Politiebestel",
     "Samenwerking tussen gemeente en politie: driehoek, gezag en capaciteit.", "politiebestel"),
    ("veiligheidsbeleid", "Veiligheidsbeleid",
     "Integraal veiligheidsbeleid, van analyse tot evaluatie.", "veiligheidsbeleid"),
    ("kleine-criminaliteit", "Kleine criminaliteit",
     "Veelvoorkomende criminaliteit en overlast in de gemeente.", "kleine-criminaliteit"),
    ("ondermijning", "Ondermijning",
     "De verweving van onder- en bovenwereld en de bestuurlijke aanpak daarvan.",
     "werkgroep-ondermijning-buitengebied"),
]

P = "<p>{}</p>"

ARTICLES = {
    "burgemeestersbevoegdheden": [
        ("sluiting-artikel-13b-opiumwet", "Sluiting op grond van artikel 13b Opiumwet",
         "Hoe de burgemeester een woning of lokaal sluit, en waar de rechter op let.",
         Audience.PUBLIC,
         ["Artikel 13b van de Opiumwet geeft de burgemeester de bevoegdheid een woning of lokaal "
          "te sluiten als daar drugs worden verkocht of aanwezig zijn. De rechter toetst of de "
          "sluiting evenredig is.",
          "Leg in een beleidsregel vast hoe de gemeente de evenredigheid weegt, en kijk altijd "
          "naar de gevolgen voor kinderen en andere bewoners."]),
        ("noodbevel-of-noodverordening", "Noodbevel of noodverordening?",
         "Wanneer kiest de burgemeester voor een noodbevel, wanneer voor een noodverordening?",
         Audience.MEMBERS,
         ["Een noodbevel richt zich tot bepaalde personen, een noodverordening geldt voor "
          "iedereen in een gebied. Beide zijn bedoeld voor ernstige wanordelijkheden.",
          "Gemeenten delen hier hun modelbesluiten en ervaringen met de toetsing door de raad."]),
    ],
    "politiebestel": [
        ("de-lokale-driehoek", "De lokale driehoek",
         "Burgemeester, officier van justitie en politiechef maken samen afspraken.",
         Audience.PUBLIC,
         ["In de lokale driehoek bespreken burgemeester, officier van justitie en politiechef de "
          "inzet van de politie in de gemeente.",
          "Een goede voorbereiding door de gemeentelijke adviseur maakt het overleg effectiever."]),
        ("wijkagenten-en-capaciteit", "Wijkagenten en capaciteit",
         "Wat gemeenten kunnen doen als er te weinig wijkagenten zijn.", Audience.MEMBERS,
         ["De norm is één wijkagent per vijfduizend inwoners. In veel gemeenten wordt die norm "
          "niet gehaald; gemeenten delen hier hoe zij daarmee omgaan."]),
    ],
    "veiligheidsbeleid": [
        ("integraal-veiligheidsplan-opstellen", "Een integraal veiligheidsplan opstellen",
         "Stappen naar een nieuw integraal veiligheidsplan (IVP) met de gemeenteraad.",
         Audience.PUBLIC,
         ["Een integraal veiligheidsplan begint met een veiligheidsanalyse. Daarna kiest de "
          "gemeenteraad de prioriteiten voor vier jaar.",
          "Betrek de raad vroeg, bijvoorbeeld met beeldvormende sessies met cijfers per wijk."]),
        ("veiligheidsanalyse-met-cijfers-per-wijk", "Veiligheidsanalyse met cijfers per wijk",
         "Welke bronnen gemeenten gebruiken voor hun veiligheidsanalyse.", Audience.MEMBERS,
         ["Politiecijfers, de veiligheidsmonitor en meldingen van inwoners geven samen een beeld "
          "van de veiligheid per wijk."]),
    ],
    "kleine-criminaliteit": [
        ("aanpak-fietsendiefstal", "Aanpak van fietsendiefstal",
         "Wat werkt tegen fietsendiefstal bij stations en in winkelgebieden.", Audience.PUBLIC,
         ["Goede fietsenstallingen, lokfietsen en voorlichting helpen tegen fietsendiefstal. "
          "Gemeenten werken daarbij samen met politie en vervoerders."]),
        ("overlast-jongeren", "Overlast door jongeren",
         "Een persoonsgerichte aanpak van jongeren die overlast veroorzaken.", Audience.MEMBERS,
         ["Een combinatie van jongerenwerk, handhaving en gesprekken met ouders werkt vaak beter "
          "dan alleen handhaving."]),
    ],
    "ondermijning": [
        ("ondermijning-in-het-buitengebied", "Ondermijning in het buitengebied",
         "Signalen van criminaliteit in leegstaande agrarische panden.", Audience.PUBLIC,
         ["Leegstaande stallen worden soms gebruikt voor drugslabs of hennepkwekerijen. "
          "Gemeenten kunnen met boeren en erfbetreders afspraken maken over signalen."]),
        ("casus-leegstaande-stallen", "Casus: leegstaande stallen",
         "Vertrouwelijke uitwerking van een casus uit de werkgroep.", Audience.GROUP,
         ["Uitwerking van de aanpak in één gemeente, met de instrumenten die zijn ingezet. "
          "Alleen voor de leden van de werkgroep."]),
    ],
}


def seed(home):
    topics = {}
    for slug, name, description, _group in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    groups = {g.slug: g for g in GroupPage.objects.all()}
    for slug, _name, _description, group_slug in TOPICS:
        group = groups.get(group_slug)
        if group is not None and group.topic_id is None:
            GroupPage.objects.filter(pk=group.pk).update(topic=topics[slug])

    index = _child(home, KnowledgeIndexPage, "kennisbank", title="Kennisbank",
                   introduction=P.format(
                       "Wat collega's weten over openbare orde en veiligheid, geordend per "
                       "thema. Sommige artikelen zijn alleen voor deelnemers."))
    for slug, name, description, group_slug in TOPICS:
        topic_page = _child(index, TopicPage, slug, title=name, topic=topics[slug],
                            introduction=P.format(description))
        for a_slug, title, intro, audience, paragraphs in ARTICLES[slug]:
            body = [{"type": "text", "value": "".join(P.format(p) for p in paragraphs)}]
            group = groups.get(group_slug)
            if group is not None:
                body.append({"type": "related_groups", "value": [group.pk]})
            _child(topic_page, ArticlePage, a_slug, title=title, intro=intro, audience=audience,
                   working_group=group if audience == Audience.GROUP else None, body=body)
    return index


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific
