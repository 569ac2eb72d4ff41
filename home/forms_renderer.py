"""The form renderer of the whole site (settings.FORM_RENDERER): Django's own, except that
a select widget writes its options inline. Django includes a template per option, which
made a filter with a hundred groups cost more to render than the search behind it. The
markup is the same (tests/home/test_forms_renderer.py compares it with Django's)."""

from django.forms.renderers import DjangoTemplates

SELECT = "django/forms/widgets/select.html"


class PortalFormRenderer(DjangoTemplates):
    replaced = {SELECT: "portal/forms/select.html"}

    def get_template(self, template_name):
        return super().get_template(self.replaced.get(template_name, template_name))
