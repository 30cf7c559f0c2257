"""Form fields of the back office that translate between what staff type and what is stored."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from wegweiser.catalog.models import Schedule
from wegweiser.catalog.weekdays import byday_from_text, byday_to_text


class WeekdaysField(forms.CharField):
    """Weekdays typed and shown in German ("Di, Do", "1. Mo"), stored as BYDAY codes ("TU,TH")."""

    def prepare_value(self, value: Any) -> Any:
        return byday_to_text(value) if isinstance(value, str) else value

    def to_python(self, value: Any) -> str:
        return byday_from_text(super().to_python(value) or "")


class ScheduleForm(forms.ModelForm):
    byday = WeekdaysField(
        label=gettext_lazy("days"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("e.g. Tue, Thu; monthly: 1. Mon (first Monday), last Fri"),
    )

    class Meta:
        model = Schedule
        fields = ["freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "notes"]
