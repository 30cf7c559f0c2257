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

from wegweiser.access import permissions
from wegweiser.access.policy import districts_for, has, scope
from wegweiser.districts.models import District
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

    def __init__(self, *args: Any, may_publish: bool, districts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]
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


def _districts(request: HttpRequest, permission: str) -> Any:
    """The districts where the user's role grants ``permission`` (all for superusers)."""
    return scope(actor=request.user, queryset=District.objects.order_by("name"), permission=permission)


def _chosen_district(request: HttpRequest, permission: str) -> District | None:
    """The district an import or export is for: the one asked for (``?district=``, another
    district's id answers 404), else the district of this host name if the user works there,
    else the user's only district. None: the user works for several and must choose."""
    districts = _districts(request, permission)
    wanted = request.GET.get("district") or request.POST.get("district")
    if wanted:
        try:
            return districts.get(pk=uuid.UUID(wanted))
        except (ValueError, District.DoesNotExist):
            raise Http404 from None
    host = getattr(request, "district", None)
    if host is not None and districts.filter(pk=host.pk).exists():
        return host
    first_two = list(districts[:2])
    if not first_two:
        raise Http404(_("No district is configured."))
    return first_two[0] if len(first_two) == 1 else None


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

    def _choose_district(self, request: HttpRequest) -> HttpResponse:
        """Members of several districts pick the district first."""
        context = self._context(request, _("Choose a district"))
        context["districts"] = _districts(request, permissions.OFFER_VIEW)
        return render(request, "backoffice/district_choice.html", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        import_run_require_access(actor=request.user)
        district = _chosen_district(request, permissions.OFFER_ADD)
        publishers = districts_for(actor=request.user, permission=permissions.OFFER_PUBLISH)
        may_publish = publishers is None or bool(publishers)
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            may_publish=may_publish,
            districts=_districts(request, permissions.OFFER_ADD) if district is None else None,
        )
        if posted and form.is_valid():
            upload = form.cleaned_data["file"]
            district = district or form.cleaned_data["district"]
            run = import_run_check(
                actor=request.user,
                district=district,
                file_name=upload.name,
                data=upload.read(),
                publish=bool(form.cleaned_data.get("publish")),
            )
            return redirect("admin:catalog_import_run", pk=run.pk)
        context = self._context(request, _("Import offers"))
        context |= {"form": form, "runs": import_runs_recent(actor=request.user, district=district)}
        return render(request, "backoffice/import_upload.html", context)

    def import_run_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        import_run_require_access(actor=request.user)
        runs = scope(
            actor=request.user, queryset=ImportRun.objects.all(), permission=permissions.OFFER_CHANGE
        )
        try:
            run = runs.select_related("actor").get(pk=pk)
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
        if not has(actor=request.user, permission=permissions.OFFER_VIEW):
            raise PermissionDenied
        if fmt not in EXPORTS:
            raise Http404
        district = _chosen_district(request, permissions.OFFER_VIEW)
        if district is None:
            return self._choose_district(request)
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
        if not has(actor=request.user, permission=permissions.OFFER_VIEW):
            raise PermissionDenied
        district = _chosen_district(request, permissions.OFFER_VIEW)
        if district is None:
            return self._choose_district(request)
        out = io.BytesIO()
        catalog_template(district=district, out=out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename="angebote-vorlage.xlsx", content_type=EXPORTS["xlsx"][0]
        )
