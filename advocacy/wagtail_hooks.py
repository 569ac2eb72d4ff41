import datetime
from decimal import Decimal

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import lookup_field
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.log_actions import log
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, IndexView

from home.modeladmin import PortalModelAdmin

from . import services
from .models import Consultation, ConsultationAnswer, Knelpunt


def related_filter(title, parameter, field, choices):
    """A list filter over a foreign key that does not need django.contrib.admin's site
    (which this project does not install). choices(request) yields (pk, label)."""

    class Filter(SimpleListFilter):
        parameter_name = parameter

        def lookups(self, request, model_admin):
            return [(str(pk), label) for pk, label in choices(request)]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{field}_id": self.value()})
            return queryset

    Filter.title = title
    return Filter


def _topics(request):
    from taxonomy.models import Topic

    return [(t.pk, t.name) for t in Topic.objects.all()]


def _reporting_organisations(request):
    from community.models import Organisation

    return [(o.pk, str(o)) for o in Organisation.objects.filter(knelpunten__isnull=False).distinct()]


def _consulted_groups(request):
    from community.models import GroupPage

    return [(g.pk, g.title) for g in GroupPage.objects.filter(consultations__isnull=False).distinct()]


def _consultations(request):
    return [(c.pk, c.title) for c in Consultation.objects.all()]


class ExportIndexView(IndexView):
    """Modeladmin's index with exports that take their headings from the ModelAdmin and
    write empty cells and zeros as they are (not as "-"). Numbers, dates and date-times
    stay typed: home.spreadsheets writes them (local time) and neutralises formulas."""

    @property
    def export_headings(self):
        return getattr(self.model_admin, "export_headings", {})

    def to_row_dict(self, item):
        row = {}
        for name in self.list_export:
            _f, _attr, value = lookup_field(name, item, self.model_admin)
            if value is None:
                value = ""
            elif not isinstance(value, (int, float, Decimal, datetime.date)):
                value = str(value)
            row[name] = value
        return row


class KnelpuntAdmin(PortalModelAdmin):
    model = Knelpunt
    menu_label = _("Knelpunten")
    menu_icon = "warning"
    list_display = ("title", "organisation", "topic", "status", "sharing_count", "created_at")
    list_filter = (
        "status",
        related_filter(_("thema"), "thema", "topic", _topics),
        related_filter(_("organisatie"), "organisatie", "organisation", _reporting_organisations),
    )
    search_fields = ("title", "description", "regulation")
    ordering = ("-created_at",)
    # One row per knelpunt, with the organisations that share it (the reporter's not counted).
    list_export = ("pk", "title", "organisation", "topic", "regulation", "status_label",
                   "created_on", "sharing_count", "sharing_names", "response")
    export_headings = {
        "pk": "id", "title": "titel", "organisation": "gemeld door", "topic": "thema",
        "regulation": "wet of regel", "status_label": "status", "created_on": "gemeld op",
        "sharing_count": "aantal organisaties dat het deelt",
        "sharing_names": "organisaties die het delen", "response": "reactie",
    }
    export_filename = "knelpunten"
    index_view_class = ExportIndexView
    panels = [
        HelpPanel(content=_("Titel, omschrijving en wet of regel komen van de melder.")),
        FieldPanel("title", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldPanel("regulation", read_only=True),
        FieldPanel("description", read_only=True),
        FieldPanel("topic"),
        FieldPanel("status"),
        FieldPanel("response"),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .select_related("organisation", "topic")
            .prefetch_related("supports__organisation")
        )

    def sharing_count(self, obj):
        return len(obj.supports.all())

    sharing_count.short_description = _("aantal organisaties")

    def sharing_names(self, obj):
        return "; ".join(sorted(str(s.organisation) for s in obj.supports.all()))

    sharing_names.short_description = _("organisaties die het delen")

    def status_label(self, obj):
        return str(obj.get_status_display())

    def created_on(self, obj):
        return timezone.localtime(obj.created_at).date()


class _ConsultationWrite:
    """The CMS form validates; the write goes through advocacy.services, which records the
    change that the group's signal mail reads in the same transaction. The rest is what
    modeladmin's form_valid does after form.save(): the audit log entry, the message."""

    log_action = None

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.CONSULTATION_FIELDS}
        self.instance = self.save_through_service(fields)
        log(instance=self.instance, action=self.log_action, content_changed=form.has_changed())
        messages.success(self.request, self.get_success_message(self.instance),
                         buttons=self.get_success_message_buttons(self.instance))
        return redirect(self.get_success_url())


class ConsultationCreateView(_ConsultationWrite, CreateView):
    log_action = "wagtail.create"

    def save_through_service(self, fields):
        return services.open_consultation(editor=self.request.user, **fields)


class ConsultationEditView(_ConsultationWrite, EditView):
    log_action = "wagtail.edit"

    def save_through_service(self, fields):
        return services.update_consultation(editor=self.request.user,
                                            consultation=self.instance, **fields)


class ConsultationAdmin(PortalModelAdmin):
    model = Consultation
    menu_label = _("Consultaties")
    menu_icon = "help"
    list_display = ("title", "group", "closes_at", "answer_count")
    list_filter = (related_filter(_("groep"), "groep", "group", _consulted_groups),)
    panels = [FieldPanel("title"), FieldPanel("group"), FieldPanel("question"),
              FieldPanel("closes_at")]
    create_view_class = ConsultationCreateView
    edit_view_class = ConsultationEditView

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_answers=Count("answers"))

    def answer_count(self, obj):
        return obj.n_answers

    answer_count.short_description = _("antwoorden")


class ConsultationAnswerAdmin(PortalModelAdmin):
    model = ConsultationAnswer
    menu_label = _("Antwoorden op consultaties")
    menu_icon = "doc-full"
    list_display = ("consultation", "user", "organisation", "updated_at")
    list_filter = (related_filter(_("consultatie"), "consultatie", "consultation",
                                  _consultations),)
    inspect_view_enabled = True
    list_export = ("consultation", "user_name", "user_email", "organisation", "answer",
                   "updated_at")
    export_headings = {"consultation": "consultatie", "user_name": "naam",
                       "user_email": "e-mailadres", "organisation": "organisatie",
                       "answer": "antwoord", "updated_at": "bijgewerkt op"}
    export_filename = "consultatie-antwoorden"
    index_view_class = ExportIndexView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "consultation", "user", "user__organisation")

    def organisation(self, obj):
        return str(obj.user.organisation or "")

    organisation.short_description = _("organisatie")

    def user_name(self, obj):
        return obj.user.display_name

    def user_email(self, obj):
        return obj.user.email


class AdvocacyGroup(ModelAdminGroup):
    menu_label = _("Inbreng leden")  # (fits the CMS sidebar; knelpunten and consultations)
    menu_icon = "warning"
    menu_order = 210
    items = (KnelpuntAdmin, ConsultationAdmin, ConsultationAnswerAdmin)


modeladmin_register(AdvocacyGroup)


# --- Editors' dashboard (see home/wagtail_hooks.py) ------------------------------------


@hooks.register("oov_editor_queues")
def advocacy_queues(request):
    return [
        (_("Nieuwe knelpunten"),
         Knelpunt.objects.filter(status=Knelpunt.Status.NEW).count(),
         reverse("advocacy_knelpunt_modeladmin_index") + "?status__exact=new"),
        (_("Open consultaties"),
         Consultation.objects.filter(closes_at__gt=timezone.now()).count(),
         reverse("advocacy_consultation_modeladmin_index")),
    ]
