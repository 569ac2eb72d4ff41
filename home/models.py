"""The public site: home page, editorial pages, news, contact form, site settings."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .routing import FastViewRestrictions, NoPrivacySettings

logger = logging.getLogger(__name__)

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


@register_setting(icon="cog")
class PortalSettings(BaseGenericSetting):
    contact_email = models.EmailField(
        _("contactadres"), default="oovnetwerk@vng.nl",
        help_text=_("Berichten van het contactformulier gaan naar dit adres; het staat ook in de voettekst."),
    )
    footer_text = models.CharField(
        _("tekst in de voettekst"), max_length=300, blank=True,
        default="Het OOV-netwerk is een initiatief van de Vereniging van Nederlandse Gemeenten (VNG).",
    )

    panels = [FieldPanel("contact_email"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = _("instellingen OOV-netwerk")


class HomePage(NoPrivacySettings, FastViewRestrictions, Page):
    lead = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(_("tekst"), blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def route(self, request, path_components):
        from .routing import route_in_one_query

        return route_in_one_query(self, request, path_components)

    route._routes_in_one_query = True  # home.routing may walk past it without loading it

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        )
        return context


class StandardPage(FastViewRestrictions, Page):
    """An editorial page: about the network, who may join, accessibility statement, …"""

    lead = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(_("tekst"), blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("tekstpagina")


class NewsIndexPage(FastViewRestrictions, Page):
    lead = models.CharField(_("intro"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("nieuwsoverzicht")

    def get_news(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        page_obj = Paginator(self.get_news(), 10).get_page(request.GET.get("pagina"))
        context["page_obj"] = page_obj
        context["news_items"] = page_obj.object_list
        return context


class NewsPage(FastViewRestrictions, Page):
    date = models.DateField(_("datum"))
    lead = models.CharField(_("intro"), max_length=300)
    body = RichTextField(_("tekst"), features=RICH_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("lead"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nieuwsbericht")


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields",
                       verbose_name=_("pagina"))

    class Meta(AbstractFormField.Meta):
        verbose_name = _("formulierveld")
        verbose_name_plural = _("formuliervelden")


class ContactPage(AbstractEmailForm):
    """A Wagtail form. Each submission is stored and mailed to the contact address in the
    site settings (PortalSettings.contact_email), not to an address typed on the page."""

    intro = RichTextField(_("intro"), blank=True, features=RICH_FEATURES)
    thank_you_text = RichTextField(_("bedanktekst"), blank=True, features=RICH_FEATURES)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Formuliervelden")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address")]), FieldPanel("subject")],
            _("E-mail"),
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("contactpagina")

    def serve(self, request, *args, **kwargs):
        # Every post may send a mail: limited per IP address (ACCOUNT_RATE_LIMITS["contact"]);
        # over the limit the Dutch 429 page, nothing stored, nothing sent.
        from allauth.core import ratelimit

        if request.method == "POST" and not ratelimit.consume(request, action="contact"):
            return ratelimit.respond_429(request)
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        # Stored first (FormMixin), then mailed to the site setting whatever to_address says.
        submission = super(AbstractEmailForm, self).process_form_submission(form)
        try:
            self.send_mail(form)
        except Exception:  # the submission is stored; editors see it in the CMS
            logger.exception("Contact form mail failed; submission %s is stored", submission.pk)
        return submission

    def send_mail(self, form):
        site_settings = PortalSettings.load()
        reply_to = [form.cleaned_data[k] for k in form.cleaned_data if "mail" in k and form.cleaned_data[k]]
        EmailMessage(
            subject=self.subject or str(_("Bericht via het contactformulier")),
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=[site_settings.contact_email],
            reply_to=reply_to[:1],
        ).send(fail_silently=False)
