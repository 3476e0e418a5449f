"""The form that asks for an e-mail alert of a company or a sector (`alerts.py`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Company, Sector


class AlertForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    company = forms.SlugField(required=False, widget=forms.HiddenInput)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", "–"), *Sector.choices]
    )

    def clean(self):
        data = super().clean()
        slug, sector = data.get("company"), data.get("sector")
        if slug:
            data["company"] = Company.objects.active().filter(slug=slug).first()
            if data["company"] is None:
                raise forms.ValidationError(_("This company has no public page."))
            data["sector"] = ""
        elif sector:
            data["company"] = None
        else:
            raise forms.ValidationError(_("Choose a company or a sector to follow."))
        return data
