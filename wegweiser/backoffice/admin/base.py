"""Routing the admin's writes through services, with the audit trail shown on each object."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm, Textarea
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import model_permission
from wegweiser.access.policy import has, scope
from wegweiser.backoffice.admin.versioning import VersionedAdminMixin, form_expected_version
from wegweiser.catalog.services.components import component_delete, component_save
from wegweiser.core.models import AuditEntry
from wegweiser.core.tenancy import DISTRICT_PATHS


def form_data(form: ModelForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cleaned values of a model form, split into plain fields and many-to-many fields."""
    model = form._meta.model
    m2m_names = {f.name for f in model._meta.many_to_many}
    concrete = {f.name for f in model._meta.concrete_fields if f.editable}
    fields = {k: v for k, v in form.cleaned_data.items() if k in concrete}
    m2m = {k: v for k, v in form.cleaned_data.items() if k in m2m_names}
    return fields, m2m


class ScopedChoicesMixin:
    """Form choices (organisation, locations, municipalities, funding programmes, district) only
    from the districts where the user may change this kind of entry. For inlines as well."""

    model: type[models.Model]

    def _scoped_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        related = db_field.related_model
        if "queryset" in kwargs or related._meta.label_lower not in DISTRICT_PATHS:
            return
        kwargs["queryset"] = scope(
            actor=request.user,
            queryset=related._default_manager.all(),
            permission=model_permission(self.model, "change"),
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class DistrictScopedAdmin(ScopedChoicesMixin):
    """Limits a ModelAdmin to the user's districts (``access.policy``): lists, object pages,
    actions and form choices. Another district's ids answer 404; superusers see everything.
    Every ModelAdmin of the back office uses it (the permission matrix test checks)."""

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scope(actor=request.user, queryset=queryset, permission=model_permission(self.model, "view"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed: bool = super().has_view_permission(request, obj)  # type: ignore[misc]
        if not allowed or obj is None:
            return allowed
        return has(actor=request.user, permission=model_permission(self.model, "view"), obj=obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed: bool = super().has_change_permission(request, obj)  # type: ignore[misc]
        if not allowed or obj is None:
            return allowed
        return has(actor=request.user, permission=model_permission(self.model, "change"), obj=obj)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        # Django would redirect to the index with "does not exist"; another district's ids (and
        # unknown ones) answer 404 instead, the same for both so that nothing can be probed.
        raise Http404


class TextDirectionMixin:
    """Text inputs and text areas get ``dir="auto"``: Arabic and Farsi are typed right to left,
    German left to right, each field following what is typed into it. They carry no
    ``maxlength``: a browser cuts pasted text at that length without a word, while the form
    refuses over-long text with a message that says how long it may be."""

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, Textarea) or getattr(widget, "input_type", None) in ("text", "email", "url"):
            widget.attrs.setdefault("dir", "auto")  # type: ignore[union-attr]
            widget.attrs.pop("maxlength", None)  # type: ignore[union-attr]
        return formfield


# DistrictScopedAdmin first: VersionedAdminMixin is a ModelAdmin, and behind it ModelAdmin's
# formfield_for_foreignkey would come before ScopedChoicesMixin's (other districts' choices).
class ServiceAdmin(DistrictScopedAdmin, VersionedAdminMixin, TextDirectionMixin, admin.ModelAdmin):
    """A ModelAdmin whose saves call ``create_service(actor, data)`` and
    ``update_service(actor, instance, data, expected_version)``; inlines are saved part by part
    through ``component_save`` / ``component_delete``; deleting is not offered (archive instead).
    The change form carries the version it was based on (``versioning``): a stale save is refused."""

    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    update_kwarg: str = "instance"
    readonly_fields = ["audit_trail"]

    class Media:
        css = {"all": ["backoffice/admin.css"]}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """An entry stays in its district: the district is chosen when it is created only."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and any(f.name == "district" for f in self.model._meta.fields):
            fields.insert(0, "district")
        return fields

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
                    timezone.localtime(e.created_at).strftime("%d.%m.%Y %H:%M"),
                    e.actor or _("system"),
                    e.summary or e.get_action_display(),
                    _changes_html(e.changes),
                )
                for e in entries
            ),
        )
        # In a labelled, focusable region that scrolls sideways on its own on a phone (WCAG 1.4.10).
        return format_html(
            '<div class="table-scroll audit-scroll" role="region" aria-label="{}" tabindex="0">'
            '<table class="audit"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table></div>",
            _("Change history"),
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
