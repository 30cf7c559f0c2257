"""Routing the admin's writes through services, with the audit trail shown on each object."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.backoffice.admin.versioning import VersionedAdminMixin, form_expected_version
from wegweiser.catalog.services.components import component_delete, component_save
from wegweiser.core.models import AuditEntry


def form_data(form: ModelForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cleaned values of a model form, split into plain fields and many-to-many fields."""
    model = form._meta.model
    m2m_names = {f.name for f in model._meta.many_to_many}
    concrete = {f.name for f in model._meta.concrete_fields if f.editable}
    fields = {k: v for k, v in form.cleaned_data.items() if k in concrete}
    m2m = {k: v for k, v in form.cleaned_data.items() if k in m2m_names}
    return fields, m2m


class ServiceAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose saves call ``create_service(actor, data)`` and
    ``update_service(actor, instance, data, expected_version)``; inlines are saved part by part
    through ``component_save`` / ``component_delete``; deleting is not offered (archive instead).
    The change form carries the version it was based on (``versioning``): a stale save is refused."""

    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    update_kwarg: str = "instance"
    readonly_fields = ["audit_trail"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        fields, m2m = form_data(form)
        data = fields | m2m
        if change:
            type(self).update_service(
                actor=request.user,
                **{self.update_kwarg: obj},
                data=data,
                expected_version=form_expected_version(form),
            )
        else:
            created = type(self).create_service(actor=request.user, data=data)
            obj.pk = created.pk
            obj._state.adding = False
            obj._state.db = created._state.db

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        # Many-to-many fields were saved by the service in save_model; only inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        parent = form.instance
        formset.save(commit=False)
        for component in formset.deleted_objects:
            component_delete(actor=request.user, parent=parent, component=component)
        for component in formset.new_objects:
            component_save(actor=request.user, parent=parent, component=component)
        for component, _changed in formset.changed_objects:
            component_save(actor=request.user, parent=parent, component=component)

    @admin.display(description=gettext_lazy("Change history"))
    def audit_trail(self, obj: models.Model | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "—"
        entries = AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).select_related("actor")[:50]
        if not entries:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    e.created_at.strftime("%d.%m.%Y %H:%M"),
                    e.actor or _("system"),
                    e.summary or e.get_action_display(),
                    _changes_html(e.changes),
                )
                for e in entries
            ),
        )
        return format_html(
            '<table class="audit"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("When"),
            _("Who"),
            _("What"),
            _("Fields"),
            rows,
        )


def _changes_html(changes: Mapping[str, list[str]]) -> SafeString:
    return format_html_join(
        "", "<div><strong>{}</strong>: {} → {}</div>", ((k, v[0], v[1]) for k, v in changes.items())
    )


def run_service_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: models.QuerySet,
    service: Callable[..., Any],
    kwarg: str,
    done: str,
) -> None:
    """Apply a workflow service to each selected object, reporting successes and problems."""
    ok = 0
    for obj in queryset:
        try:
            service(actor=request.user, **{kwarg: obj})
            ok += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", level=messages.ERROR)
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{obj}: {error}", level=messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"count": ok}, level=messages.SUCCESS)
