"""The site's form renderer (settings.FORM_RENDERER): Django's own, but every <input> is written in Python.

Django renders each widget through a template of its own, and an <input> through three (its type's template,
input.html, attrs.html): 0.3 ms each, a tenth of a work-queue page with its four filter boxes (issue 17). The
markup written here is exactly what those templates write — tests/test_form_renderer.py renders the same widgets
both ways and compares — and every other widget (select, textarea, radio lists, the file input with its "clear"
box) still goes through Django's templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

# The widget templates of Django that only include django/forms/widgets/input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)


def _value_text(value) -> str:
    # {{ value|stringformat:'s' }}: "%s" of the value, escaped unless it was marked safe (the filter keeps that).
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def input_tag(widget: dict) -> SafeString:
    """django/forms/widgets/input.html and attrs.html, for a widget's template context."""
    html = [f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"']
    if widget["value"] is not None:
        html.append(f' value="{_value_text(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is True:
            html.append(f" {conditional_escape(name)}")
        elif value is not False:
            html.append(f' {conditional_escape(name)}="{_value_text(value)}"')
    html.append(">")
    return mark_safe("".join(html))


class InputInPythonRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_tag(context["widget"])
        return super().render(template_name, context, request)
