from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

T = TypeVar("T")


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs, and mark invalid fields.

    Invalid fields are marked after validation (in full_clean), not in __init__, so
    that a form may still adjust its fields' choices after calling super().__init__().
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def save_form(form: forms.BaseForm, save: Callable[[dict], T]) -> T | None:
    """Call `save(cleaned_data)` if the form is valid; the service's refusal goes on the
    form as its errors. Returns what `save` returned, or None."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


class LongSelect(forms.Select):
    """A Select for hundreds of options (every member of a big workspace), rendered in one
    pass: Django's own Select renders a template per option, which costs tens of
    milliseconds a page at that size. Flat choices only, no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, attrs) | {"name": name}),
            options,
        )
