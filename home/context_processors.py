from django.utils.translation import gettext_lazy as _


def site_chrome(request):
    """Main navigation, the same on every page."""
    nav = [
        ("/", _("Home")),
        ("/over-het-netwerk/", _("Over het netwerk")),
        ("/groepen/", _("Groepen")),
        ("/nieuws/", _("Nieuws")),
        ("/contact/", _("Contact")),
    ]
    return {"main_nav": nav}
