"""Thin views for the knelpunten register and consultations. Members only: others 404,
anonymous visitors are sent to the login page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import access

from . import services
from .forms import AnswerForm, KnelpuntForm, SupportForm
from .models import Consultation, ConsultationAnswer, Knelpunt

# Why a reader of the register has no "Knelpunt melden" or "wij ook" button (the reason
# comes from access.knelpunt_refusal); the page says it, and a POST gets it as a message.
# (Lazy: translated when shown, not when this module is imported.)
REPORT_REFUSALS = {
    "editor": gettext_lazy("Als redacteur behandelt u knelpunten in het CMS. Knelpunten melden doen "
                "medewerkers van gemeenten en gemeentelijke samenwerkingsverbanden."),
    "no_organisation": gettext_lazy("Uw account is nog niet aan een organisatie gekoppeld. Vraag de "
                         "redactie dit te doen; daarna kunt u knelpunten melden."),
    "not_municipal": gettext_lazy("Knelpunten melden kunnen alleen medewerkers van gemeenten en "
                       "gemeentelijke samenwerkingsverbanden. U kunt de knelpunten wel lezen."),
}
SUPPORT_REFUSALS = {
    "editor": gettext_lazy("Als redacteur behandelt u knelpunten in het CMS. Laten weten dat zij hier ook "
                "tegenaan lopen doen gemeenten en gemeentelijke samenwerkingsverbanden."),
    "no_organisation": gettext_lazy("Uw account is nog niet aan een organisatie gekoppeld. Vraag de "
                         "redactie dit te doen; daarna kunt u laten weten dat uw organisatie "
                         "hier ook tegenaan loopt."),
    "not_municipal": gettext_lazy("Alleen gemeenten en gemeentelijke samenwerkingsverbanden kunnen laten "
                       "weten dat zij hier ook tegenaan lopen."),
    "own_organisation": gettext_lazy("Dit knelpunt is door uw eigen organisatie gemeld. Andere "
                          "organisaties kunnen laten weten dat zij er ook tegenaan lopen."),
}


def _members_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_use_knelpunten(request.user):
        raise Http404
    return None


def _knelpunten_crumb():
    return {"title": _("Knelpunten"), "url": reverse("advocacy:knelpunt_list")}


def knelpunt_list(request):
    if response := _members_only(request):
        return response
    qs = (
        Knelpunt.objects.select_related("organisation", "topic")
        .annotate(n_supports=Count("supports"))
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    refusal = access.knelpunt_refusal(request.user)
    return TemplateResponse(request, "advocacy/knelpunt_list.html", {
        "page_obj": page_obj, "knelpunten": page_obj.object_list,
        "can_report": refusal is None, "refusal": REPORT_REFUSALS.get(refusal),
        "crumbs": [{"title": _("Knelpunten")}],
    })


def knelpunt_create(request):
    if response := _members_only(request):
        return response
    crumbs = [_knelpunten_crumb(), {"title": _("Knelpunt melden")}]
    refusal = access.knelpunt_refusal(request.user)
    if refusal is not None:
        # A reader of the register who may not report: told why, nothing stored.
        return TemplateResponse(request, "advocacy/knelpunt_form.html", {
            "form": None, "refusal": REPORT_REFUSALS[refusal], "crumbs": crumbs,
        }, status=403)
    if request.method == "POST":
        form = KnelpuntForm(request.POST)
        if form.is_valid():
            try:
                knelpunt = services.report_knelpunt(
                    reporter=request.user, client_token=form.cleaned_data["client_token"],
                    **{k: form.cleaned_data[k] for k in ("title", "description", "regulation",
                                                         "topic")},
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("Uw knelpunt is gemeld. Dank u wel."))
            return HttpResponseRedirect(knelpunt.get_absolute_url())
    else:
        form = KnelpuntForm(initial={"client_token": KnelpuntForm.new_token()})
    return TemplateResponse(request, "advocacy/knelpunt_form.html", {
        "form": form, "crumbs": crumbs,
    })


def knelpunt_detail(request, pk):
    if response := _members_only(request):
        return response
    knelpunt = get_object_or_404(
        Knelpunt.objects.select_related("organisation", "topic", "reporter"), pk=pk
    )
    refusal = access.knelpunt_refusal(request.user, knelpunt)
    already = refusal is None and knelpunt.supports.filter(
        organisation_id=request.user.organisation_id).exists()
    form = None
    if request.method == "POST":
        # A double submission, a second tab, a colleague after the first one, or someone
        # who may not share it: a message on the knelpunt's page, nothing changed.
        if refusal is not None or already:
            messages.warning(request, SUPPORT_REFUSALS.get(refusal, services.ALREADY_SUPPORTED))
            return HttpResponseRedirect(knelpunt.get_absolute_url())
        form = SupportForm(request.POST)
        if form.is_valid():
            try:
                services.support_knelpunt(user=request.user, knelpunt=knelpunt,
                                          comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                messages.warning(request, exc.messages[0])
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw organisatie is toegevoegd aan dit knelpunt."))
            return HttpResponseRedirect(knelpunt.get_absolute_url())
    elif refusal is None and not already:
        form = SupportForm()
    supports = list(knelpunt.supports.select_related("organisation", "user"))
    return TemplateResponse(request, "advocacy/knelpunt_detail.html", {
        "knelpunt": knelpunt, "supports": supports, "form": form, "already": already,
        "refusal": SUPPORT_REFUSALS.get(refusal),
        "crumbs": [_knelpunten_crumb(), {"title": knelpunt.title}],
    })


def consultation_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    consultation = get_object_or_404(Consultation.objects.select_related("group"), pk=pk)
    if not access.can_view_consultation(request.user, consultation):
        raise Http404
    mine = ConsultationAnswer.objects.filter(consultation=consultation, user=request.user).first()
    may_answer = access.can_answer_consultation(request.user, consultation)
    form = None
    if request.method == "POST":
        if not may_answer:
            raise Http404
        form = AnswerForm(request.POST)
        try:
            if form.is_valid():
                services.answer_consultation(user=request.user, consultation=consultation,
                                             answer=form.cleaned_data["answer"])
                messages.success(request, _("Uw antwoord is opgeslagen."))
                return HttpResponseRedirect(consultation.get_absolute_url())
            services.check_open(consultation)  # closed: say so before anything else
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        if not consultation.is_open:
            # Closed while the member was typing: the text stays on the page to copy.
            form.fields["answer"].label = _("Uw tekst (niet opgeslagen)")
            form.fields["answer"].widget.attrs["readonly"] = True
    elif may_answer and consultation.is_open:
        form = AnswerForm(initial={"answer": mine.answer if mine else ""})
    # The group's page is the page this consultation belongs to: the breadcrumbs run
    # Home › Groepen › <group> › <consultation>.
    return TemplateResponse(request, "advocacy/consultation_detail.html", {
        "consultation": consultation, "mine": mine, "form": form,
        "page": consultation.group, "crumbs": [{"title": consultation.title}],
    })
