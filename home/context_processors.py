from django.utils.translation import gettext_lazy as _

from community import access

_NAV = [
    ("/", _("Home")),
    ("/over-het-netwerk/", _("Over het netwerk")),
    ("/groepen/", _("Groepen")),
    ("/kennisbank/", _("Kennisbank")),
    ("/nieuws/", _("Nieuws")),
    ("/contact/", _("Contact")),
    ("/zoeken/", _("Zoeken")),
]
# Members (not guests) also see the knelpunten register, after the knowledge base.
_MEMBER_NAV = _NAV[:4] + [("/knelpunten/", _("Knelpunten"))] + _NAV[4:]


def _current(url, path):
    """aria-current for a menu item: "page" on the page itself, "true" anywhere below it (a
    group, a folder, an article: the item stays marked as the section the visitor is in)."""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


def site_chrome(request):
    """Main navigation, the same on every page (members also get the knelpunten)."""
    user = getattr(request, "user", None)
    member = user is not None and user.is_authenticated and not user.is_guest
    path = getattr(request, "path", "")
    return {
        "main_nav": [(url, label, _current(url, path))
                     for url, label in (_MEMBER_NAV if member else _NAV)],
        # Only editors (CMS permission and a second factor) get Wagtail's user bar; asked
        # through the access module (cached on the user), not the user bar's own lookup.
        "cms_user": bool(member) and access.is_editor(user),
    }
