from django import forms
from django.utils.translation import gettext_lazy as _

from masar.geo.forms import PlaceField

from .templatetags.indices import localised


class ChooseAssessmentForm(forms.Form):
    index = forms.ChoiceField(label=_("Index"))
    round = forms.ChoiceField(label=_("Round"))
    location = PlaceField("location", as_key=True, label=_("Location"))

    def __init__(self, *args, methodologies, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].choices = [(m.name, localised(m.engine.title)) for m in methodologies]
        self.fields["round"].choices = [(str(r.uid), str(r)) for r in rounds]


class AnswersForm(forms.Form):
    """One radio group per indicator, in the methodology's order; blank means not answered."""

    def __init__(self, *args, methodology, **kwargs):
        super().__init__(*args, **kwargs)
        self.methodology = methodology
        for group in methodology.groups:
            for indicator in group.indicators:
                self.fields[indicator.code] = forms.TypedChoiceField(
                    label=localised(indicator.question),
                    choices=[("", _("Not answered"))]
                    + [(f"{o.code:g}", localised(o.label)) for o in indicator.options],
                    coerce=float,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[indicator.code].group = group

    def groups(self):
        """Fields grouped by scale or domain, for fieldsets."""
        return [
            (group, [self[i.code] for i in group.indicators]) for group in self.methodology.groups
        ]
