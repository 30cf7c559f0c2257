"""Back-office screens for planning data: indicators (reviewers keep them, planners read them),
the import of their values (upload, dry-run report by row and column, confirm) with the template
downloads, and the table of languages per nationality group. Thin views over
``wegweiser.planning`` services and selectors."""

import io
import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import has, require, scope
from wegweiser.backoffice.admin.base import ServiceAdmin
from wegweiser.backoffice.admin.open_data import _chosen_district, _districts
from wegweiser.hsds.readers import max_upload_bytes
from wegweiser.hsds.report import ImportReport, Problem
from wegweiser.planning.models import Indicator, IndicatorImport, IndicatorValue, NationalityGroup
from wegweiser.planning.selectors import indicator_imports_recent
from wegweiser.planning.services import (
    indicator_create,
    indicator_delete,
    indicator_import_check,
    indicator_import_commit,
    indicator_template,
    indicator_update,
    nationality_group_create,
    nationality_group_delete,
    nationality_group_update,
)

TEMPLATES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def _indicator_create(*, actor: Any, data: dict[str, Any]) -> Indicator:
    data = dict(data)
    return indicator_create(actor=actor, district=data.pop("district"), data=data)


def _group_create(*, actor: Any, data: dict[str, Any]) -> NationalityGroup:
    data = dict(data)
    district, languages = data.pop("district"), data.pop("languages", [])
    return nationality_group_create(actor=actor, district=district, data=data, languages=languages)


def _group_update(
    *, actor: Any, group: NationalityGroup, data: dict[str, Any], expected_version: int | None = None
) -> Any:
    data = dict(data)
    languages = data.pop("languages", None)
    return nationality_group_update(
        actor=actor, group=group, data=data, languages=languages, expected_version=expected_version
    )


class DeletingServiceAdmin(ServiceAdmin):
    """A ServiceAdmin whose entries reviewers may delete, through ``delete_service``."""

    delete_service: Any
    delete_kwarg: str = "instance"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        permission = f"{self.model._meta.app_label}.delete_{self.model._meta.model_name}"
        return has(actor=request.user, permission=permission, obj=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        type(self).delete_service(actor=request.user, **{self.delete_kwarg: obj})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class IndicatorImportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Kind of file"),
        choices=IndicatorImport.Format.choices,
        initial=IndicatorImport.Format.TEMPLATE,
        widget=forms.RadioSelect,
    )
    decimal_mark = forms.ChoiceField(
        label=gettext_lazy("Decimal mark in CSV files"),
        choices=[
            (",", gettext_lazy("comma: 1234,5 (German)")),
            (".", gettext_lazy("point: 1234.5 (English)")),
        ],
        initial=",",
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Excel files need no choice: their numbers are read as numbers."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "The template filled in (.xlsx or .csv) or a GENESIS flat file (.csv). It is checked "
            "first; nothing is imported until you confirm."
        ),
    )

    def __init__(self, *args: Any, districts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if districts is not None:  # a member of several districts says which one
            self.fields["district"] = forms.ModelChoiceField(
                queryset=districts, label=gettext_lazy("District"), required=True
            )
            self.order_fields(["district"])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": max_upload_bytes() // 2**20}
            )
        return upload


@admin.register(Indicator)
class IndicatorAdmin(DeletingServiceAdmin):
    create_service = _indicator_create
    update_service = indicator_update
    delete_service = indicator_delete
    update_kwarg = "indicator"
    delete_kwarg = "indicator"
    list_display = ["name", "code", "topic", "unit", "level", "value_count", "last_date", "is_demo"]
    list_filter = ["level", "is_demo"]
    search_fields = ["name", "code", "topic", "genesis_code"]
    readonly_fields = ["values_overview", "audit_trail"]
    fields = [
        "district",
        "name",
        "code",
        "unit",
        "topic",
        "description",
        "source",
        "licence",
        "level",
        "aggregation",
        "decimals",
        "genesis_code",
        "is_demo",
        "values_overview",
        "audit_trail",
    ]
    change_list_template = "backoffice/indicator_change_list.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(_values=Count("values"), _last=Max("values__date"))

    @admin.display(description=gettext_lazy("values"), ordering="_values")
    def value_count(self, obj: Indicator) -> int:
        return getattr(obj, "_values", 0)

    @admin.display(description=gettext_lazy("latest date"), ordering="_last")
    def last_date(self, obj: Indicator) -> Any:
        return getattr(obj, "_last", None)

    @admin.display(description=gettext_lazy("Values by date"))
    def values_overview(self, obj: Indicator | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "—"
        rows = (
            IndicatorValue.objects.filter(indicator=obj)
            .values("date", "breakdown")
            .annotate(n=Count("id"))
            .order_by("-date", "breakdown")[:40]
        )
        if not rows:
            return _("No values yet: import them from the template or a GENESIS file.")
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r["date"].strftime("%d.%m.%Y"), r["breakdown"] or _("total"), r["n"]) for r in rows),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("Reference date"),
            _("Breakdown"),
            _("Values"),
            body,
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra = (extra_context or {}) | {
            "may_import": has(actor=request.user, permission=permissions.INDICATOR_IMPORT)
        }
        return super().changelist_view(request, extra)

    # --- import ---------------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="planning_indicator_import"),
            path("import/<uuid:pk>/", wrap(self.import_run_view), name="planning_indicator_import_run"),
            path("template/<str:fmt>/", wrap(self.template_view), name="planning_indicator_template"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": Indicator._meta}

    def import_view(self, request: HttpRequest) -> HttpResponse:
        require(actor=request.user, permission=permissions.INDICATOR_IMPORT)
        district = _chosen_district(request, permissions.INDICATOR_IMPORT)
        posted = request.method == "POST"
        form = IndicatorImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            districts=_districts(request, permissions.INDICATOR_IMPORT) if district is None else None,
        )
        if posted and form.is_valid():
            upload = form.cleaned_data["file"]
            district = district or form.cleaned_data["district"]
            run = indicator_import_check(
                actor=request.user,
                district=district,
                file_name=upload.name,
                data=upload.read(),
                format=form.cleaned_data["format"],
                decimal_mark=form.cleaned_data["decimal_mark"],
            )
            return redirect("admin:planning_indicator_import_run", pk=run.pk)
        context = self._context(request, _("Import indicator values"))
        indicators = Indicator.objects.none()
        if district is not None:
            indicators = Indicator.objects.filter(district=district).order_by("topic", "name")
        context |= {
            "form": form,
            "district": district,
            "indicators": indicators,
            "runs": indicator_imports_recent(actor=request.user, district=district) if district else [],
        }
        return render(request, "backoffice/indicator_import_upload.html", context)

    def import_run_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        require(actor=request.user, permission=permissions.INDICATOR_IMPORT)
        runs = scope(
            actor=request.user,
            queryset=IndicatorImport.objects.all(),
            permission=permissions.INDICATOR_IMPORT,
        )
        try:
            run = runs.select_related("actor").defer("data").get(pk=pk)
        except IndicatorImport.DoesNotExist:
            raise Http404 from None
        if request.method == "POST":
            try:
                run = indicator_import_commit(actor=request.user, run=run)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                if run.state == IndicatorImport.State.COMMITTED:
                    messages.success(request, _("The values were imported."))
                else:
                    messages.error(request, _("The import failed; nothing was changed."))
            return redirect("admin:planning_indicator_import_run", pk=run.pk)
        data = run.report
        report = ImportReport(
            problems=[Problem(**p) for p in data.get("problems", [])],
            counts=data.get("counts", {}),
            committed=data.get("committed", False),
        )
        context = self._context(request, _("Indicator import: %(file)s") % {"file": run.file_name})
        context |= {
            "run": run,
            "report": report,
            "errors": report.errors,
            "warnings": report.warnings,
            "may_commit": run.state == IndicatorImport.State.CHECKED,
        }
        return render(request, "backoffice/indicator_import_report.html", context)

    def template_view(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if not has(actor=request.user, permission=permissions.INDICATOR_VIEW):
            raise PermissionDenied
        if fmt not in TEMPLATES:
            raise Http404
        district = _chosen_district(request, permissions.INDICATOR_VIEW)
        if district is None:
            context = self._context(request, _("Choose a district"))
            context["districts"] = _districts(request, permissions.INDICATOR_VIEW)
            return render(request, "backoffice/district_choice.html", context)
        out = io.BytesIO()
        indicator_template(district=district, out=out, fmt=fmt)
        out.seek(0)
        content_type, extension = TEMPLATES[fmt]
        name = f"indikatoren-vorlage-{district.slug}.{extension}"
        return FileResponse(out, as_attachment=True, filename=name, content_type=content_type)


@admin.register(NationalityGroup)
class NationalityGroupAdmin(DeletingServiceAdmin):
    create_service = _group_create
    update_service = _group_update
    delete_service = nationality_group_delete
    update_kwarg = "group"
    delete_kwarg = "group"
    list_display = ["name", "code", "language_list", "sort_order"]
    search_fields = ["name", "code"]
    fields = ["district", "name", "code", "languages", "note", "sort_order", "audit_trail"]
    filter_horizontal = ["languages"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("languages")

    @admin.display(description=gettext_lazy("languages needed"))
    def language_list(self, obj: NationalityGroup) -> str:
        return ", ".join(language.name_de for language in obj.languages.all()) or "—"
