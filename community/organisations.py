"""Loads the reference organisations: all municipalities, the 25 safety regions and the
GGD regions (community/data/, see SOURCES.md there). Re-runnable: it updates names and
adds missing rows and domains, and never removes what editors added.

Used by the data migration (with historical models) and by `manage.py load_organisations`.
"""

import csv
from pathlib import Path
from urllib.parse import urlsplit

DATA_DIR = Path(__file__).resolve().parent / "data"

# E-mail domains that differ from the website domain in the source (SOURCES.md): the
# source's own e-mail addresses for these municipalities use these domains.
EXTRA_DOMAINS = {
    "GM1982": ["landvancuijk.nl"],      # Land van Cuijk: website missing in the source
    "GM0394": ["haarlemmermeer.nl"],    # Haarlemmermeer: site haarlemmermeergemeente.nl
    "GM0935": ["maastricht.nl"],        # Maastricht: site gemeentemaastricht.nl
}


def _host(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _registrable(host: str) -> str:
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def load(Organisation, OrganisationDomain) -> dict:
    """Returns counts: {"organisations": created, "domains": created}."""
    counts = {"organisations": 0, "domains": 0}
    taken = set(OrganisationDomain.objects.values_list("domain", flat=True))

    def add_domain(org, domain):
        if domain and domain not in taken:
            OrganisationDomain.objects.create(organisation=org, domain=domain)
            taken.add(domain)
            counts["domains"] += 1

    def upsert(kind, code, name, **fields):
        lookup = {"code": code} if code else {"kind": kind, "name": name}
        org, created = Organisation.objects.get_or_create(
            **lookup, defaults={"kind": kind, "name": name, **fields}
        )
        if not created:
            changed = [k for k, v in {"name": name, **fields}.items() if getattr(org, k) != v]
            for k in changed:
                setattr(org, k, {"name": name, **fields}[k])
            if changed:
                org.save(update_fields=changed)
        counts["organisations"] += created
        return org

    for row in _rows("gemeenten.csv"):
        website = row["website"].strip()
        org = upsert(
            "municipality", row["cbs_code"], row["name"], province=row["province"],
            website=f"https://www.{website}" if website else "",
        )
        if website:
            add_domain(org, _registrable(_host(website)))
        for domain in EXTRA_DOMAINS.get(row["cbs_code"], []):
            add_domain(org, domain)

    for row in _rows("veiligheidsregios.csv"):
        org = upsert("safety_region", row["code"], row["name"], website=row["website"])
        host = _host(row["website"])
        # VR Amsterdam-Amstelland lives on amsterdam.nl: that domain is the municipality's.
        add_domain(org, _registrable(host))

    for row in _rows("ggd_regios.csv"):
        org = upsert("cooperation", None, row["name"], website=row["website"])
        host = _host(row["website"])
        domain = _registrable(host)
        add_domain(org, host if domain in taken else domain)

    return counts
