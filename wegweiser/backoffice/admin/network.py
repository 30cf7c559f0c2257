"""Back-office screens of the network (Netzwerk › Gremien, Sitzungen, Personen): bodies with their
members, calls for members, meetings with agenda, attendance, minutes and resolutions, and the
persons. Reviewers keep them, editors and planners read them. Every write goes through
``wegweiser.network.services``; sending the invitations is an action on the meeting list."""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseFormSet, BaseInlineFormSet, Form, ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import model_permission
from wegweiser.access.policy import scope
from wegweiser.backoffice.admin.base import (
    ScopedChoicesMixin,
    ServiceAdmin,
    TextDirectionMixin,
    form_data,
    run_service_action,
)
from wegweiser.network.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Meeting,
    MemberApplication,
    MemberCall,
    Resolution,
)
from wegweiser.network.services.bodies import (
    MEMBER_FIELDS,
    application_decide,
    application_record,
    body_create,
    body_update,
    call_create,
    call_update,
    member_add,
    member_remove,
    member_update,
)
from wegweiser.network.services.meetings import (
    AGENDA_FIELDS,
    RESOLUTION_FIELDS,
    agenda_item_create,
    agenda_item_update,
    attendance_record,
    meeting_create,
    meeting_invite,
    meeting_quorum,
    meeting_update,
    minutes_publish,
    minutes_record,
    resolution_create,
    resolution_update,
)


class ScopedInline(ScopedChoicesMixin, TextDirectionMixin):
    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scope(actor=request.user, queryset=queryset, permission=model_permission(self.model, "view"))


def _values(form: ModelForm, names: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k in names}


def with_district(create: Any) -> Any:
    def run(*, actor: Any, data: dict[str, Any]) -> Any:
        data = dict(data)
        return create(actor=actor, district=data.pop("district"), data=data)

    return run


class InlinesThroughServicesMixin:
    """The inlines below are saved row by row through services (``save_formset``), not through
    ``formset.save()``: Django's change message must not read the formsets' saved objects (they
    have none; creating a meeting with its inlines failed with AttributeError)."""

    def construct_change_message(
        self, request: HttpRequest, form: Form, formsets: Iterable[BaseFormSet], add: bool = False
    ) -> list[dict[str, dict[str, list[str]]]]:
        result: list[dict[str, dict[str, list[str]]]] = super().construct_change_message(  # type: ignore[misc]
            request, form, [], add
        )
        return result


class DistrictInitialMixin:
    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)  # type: ignore[misc]
        district = getattr(request, "district", None)
        if district is not None:
            initial.setdefault("district", district.pk)
        return initial


class BodyMemberInline(ScopedInline, admin.TabularInline):
    model = BodyMember
    extra = 0
    fields = ["person", "organisation", "role", "term_from", "term_to"]


@admin.register(Body)
class BodyAdmin(InlinesThroughServicesMixin, DistrictInitialMixin, ServiceAdmin):
    create_service = with_district(body_create)
    update_service = body_update
    update_kwarg = "body"
    list_display = ["name", "kind", "is_public", "max_members", "is_demo"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name"]
    inlines = [BodyMemberInline]
    fieldsets = [
        (None, {"fields": ["district", "kind", "name", "slug", "description", "is_public", "is_demo"]}),
        (
            gettext_lazy("Rules"),
            {
                "fields": [
                    "max_members",
                    "max_foreign_nationals",
                    "min_foreign_nationals",
                    "min_age",
                    "min_residence_months",
                    "quorum_fraction",
                ]
            },
        ),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return {"slug": ("name",)}

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        body = form.instance
        for member_form in formset.forms:
            member = member_form.instance
            if not member_form.has_changed() and member.pk is None:
                continue
            try:
                if formset.can_delete and member_form.cleaned_data.get("DELETE"):
                    if member.pk is not None and not member._state.adding:
                        member_remove(actor=request.user, member=BodyMember.objects.get(pk=member.pk))
                elif member._state.adding:
                    member_add(actor=request.user, body=body, **_values(member_form, MEMBER_FIELDS))
                elif member_form.has_changed():
                    member_update(
                        actor=request.user,
                        member=BodyMember.objects.get(pk=member.pk),
                        data=_values(member_form, MEMBER_FIELDS),
                    )
            except ValidationError as error:
                # The body's rules: say which seat was refused and why; the others are saved.
                self.message_user(
                    request,
                    _("%(member)s was not added: %(reason)s")
                    % {
                        "member": member_form.cleaned_data.get("person")
                        or member_form.cleaned_data.get("organisation"),
                        "reason": " ".join(error.messages),
                    },
                    level=messages.ERROR,
                )


class ApplicationInline(ScopedInline, admin.TabularInline):
    model = MemberApplication
    extra = 0
    fields = ["person", "received_at", "text", "status"]


@admin.register(MemberCall)
class MemberCallAdmin(InlinesThroughServicesMixin, ServiceAdmin):
    update_service = call_update
    update_kwarg = "call"
    list_display = ["title", "body", "deadline"]
    fields = ["body", "title", "text", "deadline", "audit_trail"]
    inlines = [ApplicationInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return ["body", *fields] if obj is not None else fields

    @staticmethod
    def create_service(*, actor: Any, data: dict[str, Any]) -> MemberCall:
        data = dict(data)
        return call_create(actor=actor, body=data.pop("body"), data=data)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        call = form.instance
        for item in formset.forms:
            application = item.instance
            if not item.has_changed():
                continue
            try:
                if application._state.adding:
                    application_record(
                        actor=request.user,
                        call=call,
                        person=item.cleaned_data["person"],
                        text=item.cleaned_data.get("text", ""),
                        received_at=item.cleaned_data.get("received_at"),
                    )
                else:
                    application_decide(
                        actor=request.user,
                        application=MemberApplication.objects.get(pk=application.pk),
                        status=item.cleaned_data["status"],
                    )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level=messages.ERROR)


class AgendaItemInline(ScopedInline, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "text", "is_public", "planning_document", "measure"]


class AttendanceInline(ScopedInline, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "status"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        meeting_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "member" and meeting_id:
            field.queryset = field.queryset.filter(body__meetings__pk=meeting_id)
        return field


class ResolutionInline(ScopedInline, admin.StackedInline):
    model = Resolution
    extra = 0
    fields = [
        "agenda_item",
        "kind",
        "text",
        ("votes_yes", "votes_no", "abstentions"),
        "planning_document",
        "measure",
    ]


class MeetingForm(ModelForm):
    """Minutes of a meeting that has not begun are refused on the form (``minutes_record`` would
    refuse them too, but after the other fields were saved: a 500 before this form existed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The admin's split date/time inputs have no label of their own (axe: "label"): name each part.
        for name in ("starts_at", "ends_at"):
            field = self.fields.get(name)
            parts = getattr(field.widget, "widgets", None) if field is not None else None
            if field is not None and parts and len(parts) == 2:
                parts[0].attrs["aria-label"] = _("%(field)s: date") % {"field": field.label}
                parts[1].attrs["aria-label"] = _("%(field)s: time") % {"field": field.label}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        minutes = data.get("minutes")
        starts_at = data.get("starts_at") or getattr(self.instance, "starts_at", None)
        stored = self.instance.minutes if self.instance.pk else ""
        if minutes and minutes != stored and starts_at and starts_at > timezone.now():
            self.add_error("minutes", _("Minutes can be recorded once the meeting has begun."))
        return data


@admin.register(Meeting)
class MeetingAdmin(InlinesThroughServicesMixin, ServiceAdmin):
    form = MeetingForm
    update_service = meeting_update
    update_kwarg = "meeting"
    list_display = [
        "__str__",
        "body",
        "starts_at",
        "is_public",
        "status",
        "invitations_sent_at",
        "minutes_state",
    ]
    list_filter = ["body", "status", "is_public"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline, ResolutionInline]
    actions = ["send_invitations", "publish_minutes"]
    readonly_fields = [
        "status",
        "sequence",
        "invitations_sent_at",
        "reminder_sent_at",
        "minutes_published_at",
        "quorum",
        "audit_trail",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "body",
                    "title",
                    "starts_at",
                    "ends_at",
                    "place",
                    "video_url",
                    "is_public",
                    "is_demo",
                ]
            },
        ),
        (
            gettext_lazy("Invitations"),
            {"fields": ["status", "sequence", "invitations_sent_at", "reminder_sent_at"]},
        ),
        (gettext_lazy("Minutes"), {"fields": ["quorum", "minutes", "minutes_published_at"]}),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    @staticmethod
    def create_service(*, actor: Any, data: dict[str, Any]) -> Meeting:
        data = dict(data)
        data.pop("minutes", None)
        return meeting_create(actor=actor, body=data.pop("body"), data=data)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            fields.append("minutes")
        else:
            fields.insert(0, "body")
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        fields, _m2m = form_data(form)
        minutes = fields.pop("minutes", None)
        fields.pop("body", None)
        stored = Meeting.objects.get(pk=obj.pk)
        meeting_update(actor=request.user, meeting=obj, data=fields, expected_version=None)
        if minutes is not None and minutes != stored.minutes:
            minutes_record(actor=request.user, meeting=obj, minutes=minutes)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        meeting = form.instance
        for item in formset.forms:
            row = item.instance
            if not item.has_changed():
                continue
            if formset.model is AgendaItem:
                if row._state.adding:
                    agenda_item_create(actor=request.user, meeting=meeting, data=_values(item, AGENDA_FIELDS))
                else:
                    agenda_item_update(
                        actor=request.user,
                        item=AgendaItem.objects.get(pk=row.pk),
                        data=_values(item, AGENDA_FIELDS),
                    )
            elif formset.model is Attendance:
                attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    member=item.cleaned_data["member"],
                    status=item.cleaned_data["status"],
                )
            elif formset.model is Resolution:
                if row._state.adding:
                    resolution_create(
                        actor=request.user, meeting=meeting, data=_values(item, RESOLUTION_FIELDS)
                    )
                else:
                    resolution_update(
                        actor=request.user,
                        resolution=Resolution.objects.get(pk=row.pk),
                        data=_values(item, RESOLUTION_FIELDS),
                    )

    @admin.display(description=gettext_lazy("Minutes"))
    def minutes_state(self, obj: Meeting) -> str:
        if obj.minutes_published_at:
            return _("published")
        return _("draft") if obj.minutes else "—"

    @admin.display(description=gettext_lazy("Quorum"))
    def quorum(self, obj: Meeting | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        q = meeting_quorum(meeting=obj)
        text = _("%(present)s of %(members)s voting members present, %(required)s required") % {
            "present": q.present,
            "members": q.voting_members,
            "required": q.required,
        }
        return format_html("{} – <strong>{}</strong>", text, _("quorate") if q.reached else _("not quorate"))

    @admin.action(description=gettext_lazy("Send invitations"), permissions=["change"])
    def send_invitations(self, request: HttpRequest, queryset: QuerySet) -> None:
        for meeting in queryset.select_related("body__district"):
            try:
                result = meeting_invite(actor=request.user, meeting=meeting)
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{meeting}: {reason}", level=messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(meeting)s: invitations sent to %(count)s addresses.")
                % {"meeting": meeting, "count": len(result.sent)},
                level=messages.SUCCESS if result.sent else messages.WARNING,
            )
            for address, reason in result.failed.items():
                self.message_user(request, f"{address}: {reason}", level=messages.ERROR)
            if result.without_address:
                self.message_user(
                    request,
                    _("Without an e-mail address: %(names)s") % {"names": ", ".join(result.without_address)},
                    level=messages.WARNING,
                )

    @admin.action(description=gettext_lazy("Publish the minutes"), permissions=["change"])
    def publish_minutes(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self, request, queryset, minutes_publish, "meeting", _("%(count)s minutes published.")
        )
