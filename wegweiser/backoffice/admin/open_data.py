"""Back-office screens for open data: upload a file, read the dry-run report, import it; download
the Excel template and the catalog in the three exchange formats. Thin views over
``wegweiser.hsds`` services."""

import io
import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.readers import max_upload_bytes
from wegweiser.hsds.report import ImportReport, Problem
from wegweiser.hsds.selectors import import_runs_recent
from wegweiser.hsds.services import (
    catalog_export,
    catalog_template,
    import_run_check,
    import_run_commit,
    import_run_require_access,
)

EXPORTS = {
    "json": ("application/json", "json"),
    "datapackage": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "An HSDS data package (.zip), an Excel workbook (.xlsx) or HSDS JSON (.json). "
            "It is checked first; nothing is imported until you confirm."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish new offers at once"),
        required=False,
        help_text=gettext_lazy("Otherwise new offers are saved as drafts for review."),
    )

    def __init__(self, *args: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": max_upload_bytes() // 2**20}
            )
        return upload


def _district(request: HttpRequest) -> Any:
    district = getattr(request, "district", None)
    if district is None:
        raise Http404(_("No district is configured."))
    return district


def _report_context(run: ImportRun) -> dict[str, Any]:
    data = run.report
    problems = [Problem(**p) for p in data.get("problems", [])]
    report = ImportReport(
        problems=problems, counts=data.get("counts", {}), committed=data.get("committed", False)
    )
    return {"run": run, "report": report, "errors": report.errors, "warnings": report.warnings}


class OpenDataAdminMixin:
    """Adds import, export and template views under the offers' admin URLs."""

    admin_site: admin.AdminSite

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="catalog_import"),
            path("import/<uuid:pk>/", wrap(self.import_run_view), name="catalog_import_run"),
            path("export/<str:fmt>/", wrap(self.export_view), name="catalog_export"),
            path("template/", wrap(self.template_view), name="catalog_template"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": ImportRun._meta}

    def import_view(self, request: HttpRequest) -> HttpResponse:
        import_run_require_access(actor=request.user)
        district = _district(request)
        may_publish = request.user.has_perm("catalog.publish_offer")
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None, request.FILES if posted else None, may_publish=may_publish
        )
        if posted and form.is_valid():
            upload = form.cleaned_data["file"]
            run = import_run_check(
                actor=request.user,
                district=district,
                file_name=upload.name,
                data=upload.read(),
                publish=bool(form.cleaned_data.get("publish")),
            )
            return redirect("admin:catalog_import_run", pk=run.pk)
        context = self._context(request, _("Import offers"))
        context |= {"form": form, "runs": import_runs_recent(district=district)}
        return render(request, "backoffice/import_upload.html", context)

    def import_run_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        import_run_require_access(actor=request.user)
        try:
            run = ImportRun.objects.select_related("actor").get(pk=pk, district=_district(request))
        except ImportRun.DoesNotExist:
            raise Http404 from None
        if request.method == "POST":
            try:
                run = import_run_commit(actor=request.user, run=run)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                if run.state == ImportRun.State.COMMITTED:
                    messages.success(request, _("The file was imported."))
                else:
                    messages.error(request, _("The import failed; nothing was changed."))
            return redirect("admin:catalog_import_run", pk=run.pk)
        context = self._context(request, _("Import: %(file)s") % {"file": run.file_name})
        context |= _report_context(run)
        context["may_commit"] = run.state == ImportRun.State.CHECKED
        return render(request, "backoffice/import_report.html", context)

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if not request.user.has_perm("catalog.view_offer"):
            raise PermissionDenied
        if fmt not in EXPORTS:
            raise Http404
        district = _district(request)
        content_type, extension = EXPORTS[fmt]
        out = io.BytesIO()
        catalog_export(
            district=district,
            fmt=fmt,
            out=out,
            profile_url=request.build_absolute_uri(reverse("api:profile")),
        )
        out.seek(0)
        name = f"angebotskatalog-{district.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"
        return FileResponse(out, as_attachment=True, filename=name, content_type=content_type)

    def template_view(self, request: HttpRequest) -> HttpResponseBase:
        if not request.user.has_perm("catalog.view_offer"):
            raise PermissionDenied
        out = io.BytesIO()
        catalog_template(district=_district(request), out=out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename="angebote-vorlage.xlsx", content_type=EXPORTS["xlsx"][0]
        )
