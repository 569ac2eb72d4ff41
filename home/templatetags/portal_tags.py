from django import forms, template

from community import access

register = template.Library()

_CLASSES = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    "input": "utrecht-textbox utrecht-textbox--html-input",
}


@register.filter
def widget_kind(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.filter
def nlds_widget(bound_field):
    """Render a form field's widget with NL Design System classes and ARIA links to its
    description and error message."""
    kind = widget_kind(bound_field)
    attrs = {"class": _CLASSES[kind]}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
        attrs["class"] += f" utrecht-{'textbox' if kind == 'input' else kind}--invalid"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, for the breadcrumbs: the ones routing
    already loaded (home.routing) or, for a page reached otherwise, one query."""
    loaded = getattr(page, "route_ancestors", None)
    if loaded is not None:
        return [ancestor for ancestor in loaded if ancestor.depth > 1]
    return list(page.get_ancestors().filter(depth__gt=1))


@register.filter
def can_use_cms(user):
    """Whether the user may open the CMS (asks community.access)."""
    return access.has_cms_permission(user)
