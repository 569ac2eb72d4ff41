"""home.forms_renderer writes select options inline: the markup must be exactly Django's."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from home.forms_renderer import PortalFormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B"), ("1", '"Eén"')])
    grouped = forms.ChoiceField(choices=[("Groep <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(choices=[(str(i), f"Keuze {i}") for i in range(5)])
    picked = forms.TypedChoiceField(choices=[(1, "Een"), (2, "Twee")], coerce=int,
                                    widget=forms.Select(attrs={"class": "utrecht-select"}))
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


@pytest.mark.parametrize("data", [None, {"plain": "a", "grouped": "y", "many": ["1", "3"],
                                         "picked": "2", "radio": "r"}])
def test_select_markup_is_djangos(data):
    ours, djangos = Choices(data, renderer=PortalFormRenderer()), Choices(
        data, renderer=DjangoTemplates())
    for name in ours.fields:
        assert ours[name].as_widget() == djangos[name].as_widget(), name
    widget = CustomOption(choices=[("a", "A")])
    assert widget.render("w", "a", renderer=PortalFormRenderer()) == widget.render(
        "w", "a", renderer=DjangoTemplates())


def test_the_site_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "home.forms_renderer.PortalFormRenderer"
    assert isinstance(get_default_renderer(), PortalFormRenderer)
