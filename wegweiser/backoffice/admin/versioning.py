"""The version a change form was based on, carried in a hidden field, so that a stale save is
refused (with what the other person changed) instead of overwriting their work.

The check runs twice: in the form's ``clean()`` (the usual case: the admin re-shows the form with
the user's input, its inlines included, and saves nothing) and in the update service under the
row lock (``expected_version``), which catches a save that slipped in between; the view then runs
once more and the form check reports it. See docs/concurrency.md."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpRequest, HttpResponse

from wegweiser.core.versioning import StaleObjectError, is_versioned, stale_messages

VERSION_FIELD = "lock_version"


class VersionedFormMixin(forms.ModelForm):
    """A model form that sends the instance's lock_version and refuses a stale one."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.lock_version

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        expected = cleaned.get(VERSION_FIELD)
        if self.instance.pk is None or expected is None:
            return cleaned
        current = (
            type(self.instance)
            ._default_manager.filter(pk=self.instance.pk)
            .values_list(VERSION_FIELD, flat=True)
            .first()
        )
        if current is not None and current != expected:
            self.add_error(None, stale_messages(self.instance, since=expected))
            # The form shown again carries the current version: saving it once more is a
            # deliberate decision taken after seeing the other person's changes.
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data[self.add_prefix(VERSION_FIELD)] = str(current)
            self.data = data
        return cleaned

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD)


class VersionedAdminMixin(admin.ModelAdmin):
    """Adds the hidden version to the change form of versioned models."""

    def _versioned_change(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and is_versioned(obj) and self.has_change_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets: list[Any] = list(super().get_fieldsets(request, obj))
        if self._versioned_change(request, obj) and fieldsets:
            name, options = fieldsets[0]
            fields: Sequence[Any] = options.get("fields", ())
            if VERSION_FIELD not in fields:
                fieldsets[0] = (name, {**options, "fields": [*fields, VERSION_FIELD]})
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if not self._versioned_change(request, obj):
            return super().get_form(request, obj, change, **kwargs)
        # The version is a field of the form, not of the model form's model fields.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f != VERSION_FIELD]
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(base.__name__, (VersionedFormMixin, base), {})
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            # Showing the form writes nothing, so it runs without the transaction Django's admin
            # wraps around this view: on SQLite (BEGIN IMMEDIATE) it then neither waits for nor
            # holds the write lock while the page renders. The version is read with the row, so
            # a form is never newer than its version (at worst a save is refused needlessly).
            return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined]
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleObjectError:
            # Someone saved between the form's check and the service's (everything of this
            # attempt was rolled back): run the view again, so the form reports it.
            return super().changeform_view(request, object_id, form_url, extra_context)


def form_expected_version(form: Any) -> int | None:
    return form.expected_version if isinstance(form, VersionedFormMixin) else None
