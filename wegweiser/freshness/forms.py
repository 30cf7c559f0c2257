from django import forms
from django.utils.translation import gettext_lazy as _


class LinkAnswerForm(forms.Form):
    """What a provider may add to "Änderungen melden" and "Gibt es nicht mehr"."""

    text = forms.CharField(
        label=_("What is wrong or has changed?"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        max_length=4000,
        required=False,
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), required=False)

    def __init__(self, *args: object, text_required: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["text"].required = text_required
        if not text_required:
            self.fields["text"].label = _("Comment (optional)")
        else:
            self.fields["text"].error_messages["required"] = _(
                "Please describe what is wrong or has changed."
            )
