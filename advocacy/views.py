"""Thin views for the knelpunten register and consultations. Members only: others 404,
anonymous visitors are sent to the login page."""

import uuid

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

from community import access

from . import services
from .forms import AnswerForm, KnelpuntForm, SupportForm
from .models import Consultation, ConsultationAnswer, Knelpunt


def _members_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_use_knelpunten(request.user):
        raise Http404
    return None


def knelpunt_list(request):
    if response := _members_only(request):
        return response
    qs = (
        Knelpunt.objects.select_related("organisation", "topic")
        .annotate(n_supports=Count("supports"))
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    return TemplateResponse(request, "advocacy/knelpunt_list.html", {
        "page_obj": page_obj, "knelpunten": page_obj.object_list,
        "crumbs": [{"title": _("Knelpunten")}],
    })


def knelpunt_create(request):
    if response := _members_only(request):
        return response
    if request.user.organisation_id is None:
        raise Http404
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
        form = KnelpuntForm(initial={"client_token": uuid.uuid4()})
    return TemplateResponse(request, "advocacy/knelpunt_form.html", {
        "form": form,
        "crumbs": [{"title": _("Knelpunten"), "url": reverse("advocacy:knelpunt_list")},
                   {"title": _("Knelpunt melden")}],
    })


def knelpunt_detail(request, pk):
    if response := _members_only(request):
        return response
    knelpunt = get_object_or_404(
        Knelpunt.objects.select_related("organisation", "topic", "reporter"), pk=pk
    )
    can_support = access.can_support_knelpunt(request.user, knelpunt)
    already = knelpunt.supports.filter(organisation_id=request.user.organisation_id).exists()
    form = SupportForm(request.POST or None) if can_support and not already else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.support_knelpunt(user=request.user, knelpunt=knelpunt,
                                          comment=form.cleaned_data["comment"])
            except PermissionDenied as exc:
                raise Http404 from exc
            messages.success(request, _("Uw organisatie is toegevoegd aan dit knelpunt."))
            return HttpResponseRedirect(knelpunt.get_absolute_url())
    supports = list(knelpunt.supports.select_related("organisation", "user"))
    return TemplateResponse(request, "advocacy/knelpunt_detail.html", {
        "knelpunt": knelpunt, "supports": supports, "form": form, "already": already,
        "can_support": can_support,
        "crumbs": [{"title": _("Knelpunten"), "url": reverse("advocacy:knelpunt_list")},
                   {"title": knelpunt.title}],
    })


def consultation_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    consultation = get_object_or_404(Consultation.objects.select_related("group"), pk=pk)
    if not access.can_view_consultation(request.user, consultation):
        raise Http404
    mine = ConsultationAnswer.objects.filter(consultation=consultation, user=request.user).first()
    can_answer = access.can_answer_consultation(request.user, consultation) and consultation.is_open
    form = None
    if can_answer:
        form = AnswerForm(request.POST or None, initial={"answer": mine.answer if mine else ""})
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.answer_consultation(user=request.user, consultation=consultation,
                                             answer=form.cleaned_data["answer"])
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Uw antwoord is opgeslagen."))
                return HttpResponseRedirect(consultation.get_absolute_url())
    return TemplateResponse(request, "advocacy/consultation_detail.html", {
        "consultation": consultation, "mine": mine, "form": form,
        "crumbs": [{"title": consultation.title}],
    })
