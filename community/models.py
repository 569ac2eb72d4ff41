"""Groups, folders, threads, members and organisations.

Group landing pages live in the Wagtail tree (GroupIndexPage / GroupPage); everything
inside a group is an ordinary Django model. Who may see or do what is decided in
community.access, nowhere else.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from home.routing import FastViewRestrictions, NoPrivacySettings


class SignalFrequency(models.TextChoices):
    DIRECT = "direct", _("Direct (binnen enkele minuten)")
    DAILY = "daily", _("Dagelijks (om 08:00 uur)")
    WEEKLY = "weekly", _("Wekelijks (maandag om 08:00 uur)")
    NEVER = "never", _("Nooit")


# --- Organisations -------------------------------------------------------------------


class Organisation(ClusterableModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Gemeente")
        SAFETY_REGION = "safety_region", _("Veiligheidsregio")
        COOPERATION = "cooperation", _("Gemeentelijk samenwerkingsverband")
        EXTERNAL = "external", _("Externe organisatie")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=200)
    code = models.CharField(
        _("code"), max_length=10, unique=True, null=True, blank=True,
        help_text=_("CBS-gemeentecode (GM0344) of veiligheidsregiocode (VR09)."),
    )
    province = models.CharField(_("provincie"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(
        _("actief"), default=True,
        help_text=_("Alleen bij actieve organisaties kunnen nieuwe deelnemers zich registreren."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("code"),
        FieldPanel("province"),
        FieldPanel("website"),
        FieldPanel("is_active"),
        InlinePanel("domains", label=_("E-maildomeinen")),
    ]

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_kind_name_unique"),
        ]

    def __str__(self):
        return self.label(self.kind, self.name)

    # Municipalities and municipal cooperation bodies (safety regions, GGDs and other joint
    # arrangements): their people are members, report knelpunten and say "wij ook". VNG
    # itself and other external organisations are not.
    MUNICIPAL_KINDS = frozenset({Kind.MUNICIPALITY, Kind.SAFETY_REGION, Kind.COOPERATION})

    @property
    def is_municipal(self) -> bool:
        return self.kind in self.MUNICIPAL_KINDS

    @classmethod
    def label(cls, kind, name):
        """How an organisation is named on the site ("Gemeente Utrecht"), also for lists
        that read only its kind and name."""
        if kind == cls.Kind.MUNICIPALITY:
            return _("Gemeente %(name)s") % {"name": name}
        if kind == cls.Kind.SAFETY_REGION:
            return _("Veiligheidsregio %(name)s") % {"name": name}
        return name


class OrganisationDomain(models.Model):
    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="domains", verbose_name=_("organisatie")
    )
    domain = models.CharField(
        _("e-maildomein"), max_length=253, unique=True,
        help_text=_("Alleen het domein, bijvoorbeeld utrecht.nl (zonder @)."),
    )
    include_subdomains = models.BooleanField(
        _("inclusief subdomeinen"), default=False,
        help_text=_("Ook adressen bij bijvoorbeeld afdeling.utrecht.nl toestaan."),
    )

    panels = [FieldPanel("domain"), FieldPanel("include_subdomains")]

    class Meta:
        verbose_name = _("e-maildomein")
        verbose_name_plural = _("e-maildomeinen")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        from .emails import normalise_domain

        self.domain = normalise_domain(self.domain)
        super().save(*args, **kwargs)


# --- Members -------------------------------------------------------------------------


class User(AbstractUser):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Lid")
        GUEST = "guest", _("Gast")

    email = models.EmailField(_("e-mailadres"), unique=True)
    kind = models.CharField(_("soort account"), max_length=10, choices=Kind.choices,
                            default=Kind.MEMBER)
    function = models.CharField(_("functie"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name=_("organisatie"),
    )
    default_signal_frequency = models.CharField(
        _("standaardfrequentie signaleringsmail"), max_length=10,
        choices=SignalFrequency.choices, default=SignalFrequency.DAILY,
    )
    signals_paused = models.BooleanField(_("alle signaleringsmail gestopt"), default=False)
    # Served only through community.account_views.member_photo (members only), under a
    # random name; re-encoded on upload (see accounts_services.set_profile_photo).
    photo = models.ImageField(_("foto"), upload_to="profielfoto/", blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self):
        return self.name_for(self.first_name, self.last_name, self.username)

    @staticmethod
    def name_for(first_name, last_name, username):
        """The name shown for a person (what display_name gives), from its parts."""
        return f"{first_name} {last_name}".strip() or username

    @property
    def is_guest(self):
        return self.kind == self.Kind.GUEST


# --- Groups (pages in the Wagtail tree) ---------------------------------------------


class GroupIndexPage(NoPrivacySettings, FastViewRestrictions, Page):
    """The overview of all groups: general and working groups, names and descriptions."""

    introduction = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.GroupPage"]
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("groepenoverzicht")

    def get_groups(self, user):
        from . import access

        groups = GroupPage.objects.child_of(self).live().order_by("kind", "title")
        return access.filter_listed_groups(user, groups)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        groups = list(self.get_groups(request.user))
        context["general_groups"] = [g for g in groups if g.kind == GroupPage.Kind.GENERAL]
        context["working_groups"] = [g for g in groups if g.kind == GroupPage.Kind.WORKING]
        context["my_group_ids"] = selectors.member_group_ids(request.user)
        counts = selectors.thread_counts(request.user, groups)
        for group in groups:
            group.thread_count = counts.get(group.pk)
        return context


def _ask_to_log_in(request):
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.get_full_path())


class GroupPage(NoPrivacySettings, FastViewRestrictions, RoutablePageMixin, Page):
    """A group's landing page. Threads, folders and memberships hang off it as models;
    the discussion views are routes below this page (see community.views)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Algemene groep")
        WORKING = "working", _("Werkgroep (besloten)")

    kind = models.CharField(_("soort groep"), max_length=10, choices=Kind.choices,
                            default=Kind.GENERAL)
    description = models.TextField(
        _("korte omschrijving"), max_length=400,
        help_text=_("Openbaar: staat ook in het groepenoverzicht, ook bij besloten werkgroepen."),
    )
    introduction = RichTextField(
        _("introductie voor deelnemers"), blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("Alleen zichtbaar voor wie de groep mag lezen."),
    )
    contact_person = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    topic = models.ForeignKey(
        "taxonomy.Topic", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="groups", verbose_name=_("thema"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("topic"),
        FieldPanel("description"),
        FieldPanel("introduction"),
        FieldPanel("contact_person"),
        HelpPanel(content=_("Mappen, leden en discussies beheert u onder 'Groepen' in het menu.")),
    ]
    # Only the public face (name and description) is indexed; content stays out of search.
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["community.GroupIndexPage"]
    subpage_types = ["community.GroupNewsPage"]

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")

    @property
    def is_working_group(self):
        return self.kind == self.Kind.WORKING

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            # Inside a published group, a visitor who is not logged in is sent to the login
            # page for every address, whether it names something or not: the answer tells
            # nothing about what a group holds (docs/access.md).
            user = getattr(request, "user", None)
            if path_components and self.live and not (user and user.is_authenticated):
                return RouteResult(self, args=(_ask_to_log_in, (), {}))
            raise

    # Routes: thin wrappers around community.views, which ask community.access.
    @path("")
    def landing(self, request):
        from . import views

        return views.group_landing(request, self)

    @path("map/<slug:folder_slug>/")
    def folder(self, request, folder_slug):
        from . import views

        return views.folder_detail(request, self, folder_slug)

    @path("map/<slug:folder_slug>/nieuw/")
    def new_thread(self, request, folder_slug):
        from . import views

        return views.thread_create(request, self, folder_slug)

    @path("onderwerp/<int:thread_id>/")
    def thread(self, request, thread_id):
        from . import views

        return views.thread_detail(request, self, thread_id)

    @path("bericht/<int:post_id>/")
    def post(self, request, post_id):
        from . import views

        return views.post_permalink(request, self, post_id)

    @path("lidmaatschap/")
    def membership(self, request):
        from . import views

        return views.membership_change(request, self)

    @path("uitnodigen/")
    def invite(self, request):
        from . import account_views

        return account_views.group_invite(request, self)

    @path("map/<slug:folder_slug>/bestand/")
    def folder_upload(self, request, folder_slug):
        from . import views

        return views.folder_upload(request, self, folder_slug)

    @path("verzoek/")
    def join_request(self, request):
        from . import views

        return views.join_request(request, self)

    @path("verzoeken/")
    def manage_join_requests(self, request):
        from . import views

        return views.join_requests_manage(request, self)

    @path("leden/")
    def manage_members(self, request):
        from . import views

        return views.members_manage(request, self)

    @path("mappen/")
    def manage_folders(self, request):
        from . import views

        return views.folders_manage(request, self)

    @path("bericht/<int:post_id>/bewerken/")
    def post_edit(self, request, post_id):
        from . import views

        return views.post_edit(request, self, post_id)

    @path("bericht/<int:post_id>/verwijderen/")
    def post_delete(self, request, post_id):
        from . import views

        return views.post_delete(request, self, post_id)

    @path("bericht/<int:post_id>/melden/")
    def post_report(self, request, post_id):
        from . import views

        return views.post_report(request, self, post_id)

    @path("bericht/<int:post_id>/moderatie/")
    def post_moderate(self, request, post_id):
        from . import views

        return views.post_moderate(request, self, post_id)

    @path("onderwerp/<int:thread_id>/moderatie/")
    def thread_moderate(self, request, thread_id):
        from . import views

        return views.thread_moderate(request, self, thread_id)

    def get_sitemap_urls(self, request=None):
        # The landing page is public (name and description only); nothing below it is listed.
        return super().get_sitemap_urls(request)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Deelnemer")
        COORDINATOR = "coordinator", _("Coördinator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("deelnemer"))
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name=_("groep"))
    role = models.CharField(_("rol"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    signal_frequency = models.CharField(
        _("signaleringsmail"), max_length=10, choices=SignalFrequency.choices,
        default=SignalFrequency.DAILY,
    )
    # The id of the last Activity of this group that this member's signal mail has covered.
    # Bookkeeping of the signal mail: never in a CMS form.
    signalled_until = models.BigIntegerField(_("signaleringsmail bijgewerkt tot"), default=0)
    created_at = models.DateTimeField(_("lid sinds"), default=timezone.now)

    # The watermark and the start date are kept by the portal, not typed by editors.
    panels = [
        FieldPanel("user"),
        FieldPanel("group"),
        FieldPanel("role"),
        FieldPanel("signal_frequency"),
        FieldPanel("created_at", read_only=True),
    ]

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_user_group_unique"),
        ]
        indexes = [models.Index(fields=["signal_frequency", "group"])]

    def __str__(self):
        return f"{self.user} – {self.group}"

    def save(self, *args, **kwargs):
        # Following starts now, however the membership is made (service, CMS, shell):
        # a new member is not sent the group's whole history.
        if self._state.adding and not self.signalled_until:
            self.signalled_until = Activity.objects.aggregate(m=models.Max("id"))["m"] or 0
        super().save(*args, **kwargs)


# --- Inside a group ------------------------------------------------------------------


class Folder(models.Model):
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="folders",
                              verbose_name=_("groep"))
    title = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam in de url"), max_length=120)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    is_archived = models.BooleanField(_("gearchiveerd"), default=False)

    class Meta:
        verbose_name = _("map")
        verbose_name_plural = _("mappen")
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="folder_group_slug_unique"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120] or "map"
        super().save(*args, **kwargs)

    def get_url(self, group_url=None):
        """group_url: the group's URL when the caller already has it (lists of folders)."""
        return (group_url or self.group.url) + self.group.reverse_subpage(
            "folder", args=[self.slug])


class Thread(models.Model):
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="threads",
                              verbose_name=_("groep"))
    folder = models.ForeignKey(Folder, on_delete=models.PROTECT, related_name="threads",
                               verbose_name=_("map"))
    title = models.CharField(_("titel"), max_length=200)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="threads",
                               verbose_name=_("auteur"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("laatste bijdrage op"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("aantal reacties"), default=0)
    is_pinned = models.BooleanField(_("vastgezet"), default=False)
    is_locked = models.BooleanField(_("gesloten"), default=False)
    topic = models.ForeignKey(
        "taxonomy.Topic", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="threads", verbose_name=_("thema"),
    )
    # Filled by a PostgreSQL trigger (knowledgebase.search); stays empty on SQLite.
    search_vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        indexes = [
            models.Index(fields=["folder", "-is_pinned", "-last_activity_at"]),
            models.Index(fields=["group", "-last_activity_at"]),
        ]

    def __str__(self):
        return self.title

    def get_url(self, group_url=None):
        """group_url: the group's URL when the caller already has it (lists of threads)."""
        return (group_url or self.group.url) + self.group.reverse_subpage(
            "thread", args=[self.pk])


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts",
                               verbose_name=_("onderwerp"))
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="posts",
                               verbose_name=_("auteur"))
    body = models.TextField(_("bericht"), help_text=_("Opgeschoonde HTML."))
    is_opening = models.BooleanField(_("openingsbericht"), default=False)
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    is_removed = models.BooleanField(_("verwijderd"), default=False)
    is_hidden = models.BooleanField(_("verborgen door moderator"), default=False)
    # A per-form token: a form submitted twice creates one post.
    client_token = models.UUIDField(_("formuliersleutel"), null=True, blank=True, editable=False)
    # Filled by a PostgreSQL trigger (knowledgebase.search); stays empty on SQLite.
    search_vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "client_token"], name="post_author_token_unique"),
        ]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        return f"#{self.pk} in {self.thread}"

    def get_url(self, group_url=None):
        return self.thread.get_url(group_url=group_url) + f"#bericht-{self.pk}"


class Activity(models.Model):
    """The record of changes that the signal mail reads. Written by community.services in
    the same transaction as the change itself."""

    class Kind(models.TextChoices):
        THREAD = "thread", _("Nieuw onderwerp")
        REPLY = "reply", _("Reactie")
        FILE = "file", _("Nieuw bestand")
        NEWS = "news", _("Groepsnieuws")
        CONSULTATION = "consultation", _("Nieuwe consultatie")

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="activities",
                              verbose_name=_("groep"))
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    # A page published under the group (group news).
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("pagina"),
    )
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, null=True, blank=True,
                               verbose_name=_("map"))
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True,
                               verbose_name=_("onderwerp"))
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True,
                             verbose_name=_("bericht"))
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                              verbose_name=_("door"))
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    attachment = models.ForeignKey("Attachment", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="+", verbose_name=_("bestand"))
    # Written by advocacy.services when an editor opens a consultation in the group.
    consultation = models.ForeignKey("advocacy.Consultation", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("consultatie"))

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        indexes = [models.Index(fields=["group", "id"])]

    def __str__(self):
        return f"{self.get_kind_display()} in {self.group}"

    @cached_property
    def url(self):
        if self.post_id:
            return self.post.get_url()
        if self.thread_id:
            return self.thread.get_url()
        if self.consultation_id:
            return self.consultation.get_absolute_url()
        return self.group.url


class GroupNewsPage(NoPrivacySettings, FastViewRestrictions, Page):
    """News or a page that an editor publishes under a group. Its first publication is a
    change that the group's followers hear about (community.signals)."""

    date = models.DateField(_("datum"), default=timezone.localdate)
    lead = models.CharField(_("intro"), max_length=300)
    body = RichTextField(_("tekst"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["community.GroupPage"]
    subpage_types = []
    # Not in site search: whoever may read it is decided by its group (community.access).
    search_fields = []

    class Meta:
        verbose_name = _("groepsnieuws")
        verbose_name_plural = _("groepsnieuws")

    @property
    def group(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        from django.contrib.auth.views import redirect_to_login

        from . import access

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.check_view(request.user, self.group)
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return []

# --- Applications and invitations ----------------------------------------------------


class Application(models.Model):
    """A request for an account from someone at a municipal body whose e-mail domain is
    not on the list. Waits in the editors' queue (CMS) until approved or rejected."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op beoordeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    first_name = models.CharField(_("voornaam"), max_length=150)
    last_name = models.CharField(_("achternaam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), help_text=_("Genormaliseerd."))
    function = models.CharField(_("functie"), max_length=150)
    organisation_name = models.CharField(_("organisatie (opgegeven)"), max_length=200)
    motivation = models.TextField(_("motivatie"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    reason = models.TextField(_("toelichting bij het besluit"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisatie (bij goedkeuring)"),
    )
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("account"))
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("beoordeeld door"))
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("ingediend op"), default=timezone.now)

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=models.Q(status="pending"),
                                    name="application_one_pending_per_email"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def domain(self):
        return self.email.rsplit("@", 1)[-1]


class Invitation(models.Model):
    """An invitation into a working group, sent by a coordinator or editor. The link
    carries a signed copy of the nonce; it works once, until expires_at."""

    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("werkgroep"))
    email = models.EmailField(_("e-mailadres"))
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("uitgenodigd door"))
    nonce = models.UUIDField(_("sleutel"), unique=True, editable=False)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("aangenomen door"))

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.expires_at > timezone.now()

# --- Files, join requests, moderation (issue 4) ----------------------------------------


def private_storage():
    """Files of groups live outside MEDIA_ROOT and have no URL: they are served only by
    community.views.attachment_download, which asks community.access."""
    from .storage import PrivateStorage

    return PrivateStorage()


def _attachment_path(instance, filename):
    now = timezone.now()
    return f"bijlagen/{now:%Y/%m}/{uuid.uuid4().hex}{instance.extension_for_storage}"


class Attachment(models.Model):
    """A file attached to a post, or uploaded straight into a folder. It stores no group of
    its own: who may download it follows from its parent (post → thread → group, or folder →
    group) at the moment of the request, so moving a thread moves its files."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="attachments", verbose_name=_("bericht"))
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="files", verbose_name=_("map"))
    file = models.FileField(_("bestand"), storage=private_storage, upload_to=_attachment_path,
                            max_length=200)
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=120)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True,
                                    related_name="attachments", verbose_name=_("geplaatst door"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)

    class Meta:
        verbose_name = _("bestand")
        verbose_name_plural = _("bestanden")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(post__isnull=False, folder__isnull=True)
                           | models.Q(post__isnull=True, folder__isnull=False)),
                name="attachment_one_parent",
            ),
        ]

    def __str__(self):
        return self.filename

    @property
    def extension_for_storage(self):
        return "." + self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""

    def get_url(self):
        from django.urls import reverse

        return reverse("community:attachment", args=[self.pk])


class JoinRequest(models.Model):
    """A member asks to be admitted to a working group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        APPROVED = "approved", _("Toegelaten")
        REFUSED = "refused", _("Afgewezen")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests",
                             verbose_name=_("aanvrager"))
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="join_requests",
                              verbose_name=_("werkgroep"))
    message = models.TextField(_("toelichting"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("beoordeeld door"))
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek om toegang")
        verbose_name_plural = _("verzoeken om toegang")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], condition=models.Q(status="pending"),
                                    name="joinrequest_one_pending"),
        ]

    def __str__(self):
        return f"{self.user} → {self.group}"


class ThreadVisit(models.Model):
    """When a member last opened a thread (marks threads with newer activity)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("deelnemer"))
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits",
                               verbose_name=_("onderwerp"))
    seen_at = models.DateTimeField(_("laatst gelezen op"), default=timezone.now)

    class Meta:
        verbose_name = _("gelezen onderwerp")
        verbose_name_plural = _("gelezen onderwerpen")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="threadvisit_user_thread_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.thread_id}"


class PostReport(models.Model):
    """A member reports a post to the group's moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports",
                             verbose_name=_("bericht"))
    reporter = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                 verbose_name=_("gemeld door"))
    reason = models.TextField(_("reden"), max_length=1000)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("afgehandeld door"))

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.post} ({self.reason[:40]})"


class ModerationAction(models.Model):
    """The log of every moderation action: who did what, when."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Bericht verborgen")
        RESTORE = "restore", _("Bericht teruggezet")
        LOCK = "lock", _("Onderwerp gesloten")
        UNLOCK = "unlock", _("Onderwerp heropend")
        PIN = "pin", _("Onderwerp vastgezet")
        UNPIN = "unpin", _("Onderwerp losgemaakt")
        MOVE = "move", _("Onderwerp verplaatst")
        DISMISS = "dismiss", _("Melding afgehandeld")

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("door"))
    kind = models.CharField(_("actie"), max_length=10, choices=Kind.choices)
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("groep"))
    thread = models.ForeignKey(Thread, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("onderwerp"))
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("bericht"))
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("moderatieactie")
        verbose_name_plural = _("moderatieacties")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
