"""E-mail addresses: normalisation and the organisation-domain rule.

Every comparison of addresses goes through normalise_email(), so that
" Jan.Jansen@Utrecht.NL. " and "Jan.Jansen@utrecht.nl" are the same address.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# ASCII local part as in RFC 5322 "dot-atom" (no quoted strings: no municipality uses them).
_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

MSG_MALFORMED = _("Dit is geen geldig e-mailadres. Controleer het adres, bijvoorbeeld: naam@gemeente.nl.")
MSG_NON_ASCII = _(
    "Dit e-mailadres bevat tekens die op gewone letters lijken maar het niet zijn "
    "(bijvoorbeeld letters uit een ander schrift). Typ het adres opnieuw."
)
MSG_UNKNOWN_DOMAIN = _(
    "Het domein %(domain)s hoort niet bij een organisatie die aan het OOV-netwerk deelneemt. "
    "Het netwerk is alleen voor medewerkers van gemeenten en gemeentelijke "
    "samenwerkingsverbanden. Gebruik uw werkadres, of vraag toegang aan met een motivatie."
)


def normalise_domain(domain: str) -> str:
    """Lower-case, IDNA (punycode) form, no trailing dot. Raises ValidationError."""
    domain = (domain or "").strip().rstrip(".").lower()
    if not domain:
        raise ValidationError(MSG_MALFORMED, code="malformed")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(MSG_MALFORMED, code="malformed") from exc
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        raise ValidationError(MSG_MALFORMED, code="malformed")
    if not re.match(r"^[a-z]{2,63}$", labels[-1]) and not labels[-1].startswith("xn--"):
        raise ValidationError(MSG_MALFORMED, code="malformed")
    return ascii_domain


def normalise_email(raw: str) -> str:
    """Trimmed, domain lower-cased in IDNA form, trailing dot removed.

    Non-ASCII characters anywhere (look-alike letters, mixed scripts) are refused with a
    message that says so; everything else malformed with a general message.
    """
    value = (raw or "").strip()
    if value.count("@") != 1:
        raise ValidationError(MSG_MALFORMED, code="malformed")
    local, domain = value.split("@")
    if not value.isascii():
        raise ValidationError(MSG_NON_ASCII, code="non_ascii")
    if not local or len(local) > 64 or not _LOCAL_RE.match(local):
        raise ValidationError(MSG_MALFORMED, code="malformed")
    domain = normalise_domain(domain)
    address = f"{local}@{domain}"
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationError(MSG_MALFORMED, code="malformed") from exc
    return address


def find_organisation_domain(domain: str):
    """The OrganisationDomain that admits addresses at this (normalised) domain, or None.

    A registered domain matches exactly; a subdomain matches only where the editor ticked
    "subdomains included". Text that merely ends with a registered domain
    ("notutrecht.nl") never matches: comparison is per whole label.
    """
    from .models import OrganisationDomain

    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    rows = {
        d.domain: d
        for d in OrganisationDomain.objects.filter(
            domain__in=candidates, organisation__is_active=True
        ).select_related("organisation")
    }
    exact = rows.get(domain)
    if exact:
        return exact
    for parent in candidates[1:]:
        row = rows.get(parent)
        if row and row.include_subdomains:
            return row
    return None


def organisation_for_email(address: str):
    """Normalise and look up. Returns (normalised address, Organisation) or raises
    ValidationError with a Dutch message."""
    address = normalise_email(address)
    domain = address.rsplit("@", 1)[1]
    match = find_organisation_domain(domain)
    if match is None:
        raise ValidationError(MSG_UNKNOWN_DOMAIN, code="unknown_domain", params={"domain": domain})
    return address, match.organisation
