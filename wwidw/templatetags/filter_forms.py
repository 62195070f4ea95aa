"""A list page's filter form whose fields are all selects: `{{ filterset.form|select_fields }}`.

It writes what crispy's Bootstrap 5 layout writes for such a form: per field a label and a
select, and under it the field's errors (a value that is not among the choices, say). Written
here rather than through crispy: its templates and Django's template per option took a third
of the theme sessions' page built anew (27 intervention types), for a form that only reads.
Forms people fill in stay crispy.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def select_fields(form: forms.Form) -> SafeString:
    """Every field of the form as a labelled select; a field of another kind is a TypeError."""
    parts = []
    for bound in form:
        widget = bound.field.widget
        if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
            raise TypeError(f"select_fields writes single selects only, not {bound.name!r}")
        parts.append(_select_field(bound))
    # Safe: every text from data, choices or translations went through escape() below.
    return mark_safe("".join(parts))  # nosec B308 B703


def _select_field(bound: BoundField) -> str:
    field_id = escape(bound.auto_id)
    value = bound.value()
    chosen = "" if value is None else str(value)
    classes, invalid = "select form-select", ""
    if bound.errors:
        classes += " is-invalid"
        invalid = f' aria-invalid="true" aria-describedby="{field_id}_error"'
    parts = [
        f'<div id="div_{field_id}" class="mb-3">'
        f'<label for="{field_id}" class="form-label">{escape(bound.label)}</label>'
        f'<select name="{escape(bound.html_name)}" class="{classes}"{invalid} id="{field_id}">'
    ]
    for option_value, label in bound.field.choices:
        if isinstance(label, (list, tuple)):
            raise TypeError(f"select_fields writes no option groups, as {bound.name!r} has")
        option = "" if option_value is None else str(option_value)
        selected = " selected" if option == chosen else ""
        parts.append(f'<option value="{escape(option)}"{selected}>{escape(label)}</option>')
    parts.append("</select>")
    if bound.errors:
        parts.append(f'<div id="{field_id}_error" class="invalid-feedback">')
        for number, message in enumerate(bound.errors, start=1):
            parts.append(
                f'<p id="error_{number}_{field_id}"><strong>{escape(message)}</strong></p>'
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)
