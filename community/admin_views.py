"""CMS views (Wagtail admin) for the editors' queue of applications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import access
from . import accounts_services as services
from .account_forms import ApplicationDecisionForm
from .emails import find_organisation_domain
from .models import Application


def decide_application(request, pk):
    if not access.can_review_applications(request.user):
        raise Http404
    application = get_object_or_404(Application, pk=pk)
    if application.status != Application.Status.PENDING:
        messages.warning(request, _("Over deze aanvraag is al besloten."))
        return redirect("community_application_modeladmin_index")
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.approve_application(
                    application=application, editor=request.user,
                    organisation=data["organisation"], add_domain=data["add_domain"],
                    reason=data["reason"],
                )
                messages.success(request, _("De aanvraag is goedgekeurd; de aanvrager krijgt een "
                                            "mail met een link om een wachtwoord te kiezen."))
            else:
                services.reject_application(application=application, editor=request.user,
                                            reason=data["reason"])
                messages.success(request, _("De aanvraag is afgewezen; de aanvrager krijgt "
                                            "hierover een mail."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("community_application_modeladmin_index")
    return TemplateResponse(request, "community/admin/decide_application.html", {
        "application": application, "form": form,
        "domain_known": find_organisation_domain(application.domain) is not None,
    })
