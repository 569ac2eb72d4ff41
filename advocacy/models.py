"""Input for VNG's advocacy: the knelpunten (bottlenecks) register and consultations.

Who may report, share, answer and see is decided in community.access."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Knelpunt(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        IN_PROGRESS = "in_progress", _("In behandeling")
        ADOPTED = "adopted", _("Meegenomen in de belangenbehartiging")
        DONE = "done", _("Afgerond")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    topic = models.ForeignKey("taxonomy.Topic", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="knelpunten", verbose_name=_("thema"))
    regulation = models.CharField(_("wet of regel"), max_length=200,
                                  help_text=_("Bijvoorbeeld: Gemeentewet, artikel 174a."))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="knelpunten", verbose_name=_("gemeld door"))
    organisation = models.ForeignKey("community.Organisation", on_delete=models.PROTECT,
                                     related_name="knelpunten", verbose_name=_("organisatie"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.NEW, db_index=True)
    response = models.TextField(_("reactie van de VNG"), blank=True,
                                help_text=_("Leden zien deze reactie bij het knelpunt."))
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now, db_index=True)
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "client_token"],
                                    name="knelpunt_reporter_token_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("advocacy:knelpunt_detail", args=[self.pk])

    def sharing_organisations(self):
        """The reporting organisation first, then those that said "wij ook", by name."""
        others = [s.organisation for s in self.supports.all()]
        return [self.organisation] + sorted(others, key=lambda o: (o.name, o.pk))


class KnelpuntSupport(models.Model):
    """"Wij lopen hier ook tegenaan": one per organisation per knelpunt."""

    knelpunt = models.ForeignKey(Knelpunt, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey("community.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisatie"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    comment = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ook-melding")
        verbose_name_plural = _("ook-meldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["knelpunt", "organisation"],
                                    name="knelpunt_support_org_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.knelpunt}"


class Consultation(models.Model):
    """An editor asks the members of one group a question, open until closes_at."""

    group = models.ForeignKey("community.GroupPage", on_delete=models.CASCADE,
                              related_name="consultations", verbose_name=_("groep"))
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("vraag"))
    closes_at = models.DateTimeField(_("sluit op"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")
        ordering = ["-closes_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("advocacy:consultation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.closes_at is not None and self.closes_at.year < 2000:
            raise ValidationError({"closes_at": _("Kies een sluitdatum na het jaar 2000.")})

    @property
    def is_open(self):
        return timezone.now() < self.closes_at


class ConsultationAnswer(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.TextField(_("uw antwoord"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"],
                                    name="consultation_answer_user_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.consultation}"
