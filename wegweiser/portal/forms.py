"""The portal's forms. They validate input and turn it into what the services take (field values
and part rows for ``revision_propose``); they never save anything themselves."""

import uuid
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import Location, Offer, Taxonomy, TaxonomyTerm
from wegweiser.catalog.weekdays import CODES
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality

# The offer fields partners edit in the portal (a subset of ``OFFER_PARTNER_FIELDS``).
OFFER_FORM_FIELDS = [
    "name",
    "short_description",
    "description",
    "alert",
    "status",
    "valid_from",
    "valid_to",
    "url",
    "email",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "cost_free",
    "cost_amount",
    "cost_description",
    "registration_required",
    "registration_howto",
    "documents_to_bring",
    "childcare_available",
    "interpretation_available",
    "serves_whole_district",
    "is_mobile",
]
NEW_OFFER_FIELDS = [f for f in OFFER_FORM_FIELDS if f not in ("status", "alert")]
# Taxonomies partners choose terms from (the others stay as the office set them).
PARTNER_TAXONOMIES = (Taxonomy.Role.FIELD_OF_ACTION, Taxonomy.Role.TARGET_GROUP)
TRANSLATED = ("name", "short_description", "description")
WEEKDAY_LABELS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def _auto_dir(form: forms.BaseForm) -> None:
    """Text fields follow what is typed into them (Arabic right to left, German left to right)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", None) in (
            "text",
            "email",
            "url",
        ):
            widget.attrs.setdefault("dir", "auto")
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 4)


class OfferForm(forms.ModelForm):
    """The offer's own fields and its categories, languages and service area."""

    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"), queryset=TaxonomyTerm.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"), queryset=TaxonomyTerm.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages of delivery"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for the office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what changed and why."),
    )

    class Meta:
        model = Offer
        fields = OFFER_FORM_FIELDS
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "short_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None and not instance._state.adding:
            terms = list(instance.terms.all())
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "fields_of_action": [t.pk for t in terms if t.taxonomy.role == Taxonomy.Role.FIELD_OF_ACTION],
                "target_groups": [t.pk for t in terms if t.taxonomy.role == Taxonomy.Role.TARGET_GROUP],
                "languages": list(instance.languages.values_list("pk", flat=True)),
                "municipalities": list(instance.municipalities.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        choices = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy", "name")
        fields: Any = self.fields
        fields["fields_of_action"].queryset = choices.filter(taxonomy__role=Taxonomy.Role.FIELD_OF_ACTION)
        fields["target_groups"].queryset = choices.filter(taxonomy__role=Taxonomy.Role.TARGET_GROUP)
        fields["municipalities"].queryset = district.municipalities.order_by("name")  # type: ignore[attr-defined]
        _auto_dir(self)

    def _post_clean(self) -> None:
        """Model validation of the values (lengths, age and date order) on a copy: the offer
        itself is never changed by the form."""
        if not self.instance._state.adding:
            self.instance = Offer.objects.get(pk=self.instance.pk)
        super()._post_clean()  # type: ignore[misc]

    def offer_data(
        self, *, current_terms: list[TaxonomyTerm] | None = None, changed_only: bool
    ) -> dict[str, Any]:
        """The values for the services; ``changed_only``: only what the person changed."""
        names = set(self.changed_data) if changed_only else set(self.fields)
        data = {
            name: self.cleaned_data[name]
            for name in OFFER_FORM_FIELDS
            if name in names and name in self.fields
        }
        if names & {"fields_of_action", "target_groups"}:
            kept = [t for t in current_terms or [] if t.taxonomy.role not in PARTNER_TAXONOMIES]
            data["terms"] = (
                kept + list(self.cleaned_data["fields_of_action"]) + list(self.cleaned_data["target_groups"])
            )
        for name in ("languages", "municipalities"):
            if name in names:
                data[name] = list(self.cleaned_data[name])
        return data


class NewOfferForm(OfferForm):
    class Meta(OfferForm.Meta):
        fields = NEW_OFFER_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not (
            cleaned.get("serves_whole_district") or cleaned.get("is_mobile") or cleaned.get("municipalities")
        ):
            raise forms.ValidationError(
                _("Say where the offer takes place: municipalities, the whole district or mobile.")
            )
        return cleaned


class TranslationForm(forms.Form):
    """An offer's texts in one more language."""

    name = forms.CharField(label=_("Name"), max_length=250, required=False)
    short_description = forms.CharField(
        label=_("Short description"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, language: Language, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        for field in self.fields.values():
            field.widget.attrs |= {"lang": language.code, "dir": "rtl" if language.is_rtl else "ltr"}

    def row(self, *, exists: bool) -> tuple[bool, dict[str, Any] | None]:
        """(changed?, the row for the revision: values, or None to remove the translation)."""
        if not self.has_changed():
            return False, None
        values = {name: self.cleaned_data[name] for name in TRANSLATED}
        if not any(v.strip() for v in values.values()):
            return exists, None
        return True, {name: values[name] for name in self.changed_data} if exists else values


class PartRowForm(forms.Form):
    """One row of a part (a schedule, contact, phone or place); ``key``: its id, empty when new."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _auto_dir(self)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("key", "DELETE")}

    def is_blank(self) -> bool:
        return not any(v not in (None, "", []) for v in self.values().values())


class ScheduleForm(PartRowForm):
    byday = forms.MultipleChoiceField(
        label=_("Days"),
        choices=list(zip(CODES, WEEKDAY_LABELS, strict=True)),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(
        label=_("Opens at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return cleaned

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["byday"] = ",".join(c for c in CODES if c in values.get("byday", []))
        return values


class ContactForm(PartRowForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class PhoneForm(PartRowForm):
    number = forms.CharField(label=_("Phone number"), max_length=50, required=False)
    description = forms.CharField(label=_("Note"), max_length=300, required=False)


class PlaceForm(PartRowForm):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none(), required=False)
    description = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, locations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["location"]
        field.queryset = locations if locations is not None else Location.objects.none()


def part_rows(forms_: list[PartRowForm], *, required: tuple[str, ...]) -> dict[str, dict[str, Any] | None]:
    """The changed rows of a part for ``revision_propose``: removed rows as None, new rows under a
    new id, changed rows with their changed values."""
    rows: dict[str, dict[str, Any] | None] = {}
    for form in forms_:
        key = form.cleaned_data.get("key")
        if key:
            if form.cleaned_data.get("DELETE"):
                rows[key] = None
            elif form.has_changed():
                values = form.values()
                rows[key] = {
                    k: v
                    for k, v in values.items()
                    if k in form.changed_data or (k == "byday" and "byday" in form.changed_data)
                }
        elif not form.cleaned_data.get("DELETE") and not form.is_blank():
            if any(not form.values().get(name) for name in required):
                form.add_error(required[0], _("This field is required."))
                continue
            rows[str(uuid.uuid4())] = form.values()
    return rows


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    is_manager = forms.BooleanField(
        label=_("May also manage access"),
        required=False,
        help_text=_("May invite and remove other people of the organisation."),
    )


class AcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ended on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note for the office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartnerPasswordResetForm(PasswordResetForm):
    """Password reset in the portal sends links to partner accounts only (staff reset theirs in
    the back office, with its second factor)."""

    def get_users(self, email: str) -> Any:
        return (
            user for user in super().get_users(email) if not user.is_staff and user.partner_accesses.exists()
        )


def locations_for(offer_or_org: Any) -> Any:
    organisation_id = getattr(offer_or_org, "organisation_id", None) or offer_or_org.pk
    district_id = offer_or_org.district_id
    return (
        Location.objects.filter(district_id=district_id)
        .filter(
            Q(organisation_id=organisation_id) | Q(offer_locations__offer__organisation_id=organisation_id)
        )
        .distinct()
        .order_by("name")
    )
