"""The donate page's two GET forms (give once, give monthly) and their checks."""

import re

from django import forms

from .choices import Designation, Frequency
from .links import SLUG
from .payments.handoff import gift_aid_total, utm_from, valid_reference

OTHER = "other"
# ASCII digits only: "²", "①" and other Unicode digits pass str.isdigit() and
# `\d` but are not amounts anyone means.
WHOLE_POUNDS = re.compile(r"^[0-9]{1,9}(?:\.0{1,2})?$")
WITH_PENCE = re.compile(r"^[0-9]{1,9}\.[0-9]{1,2}$")
CHOSEN_POUNDS = re.compile(r"^[0-9]{1,9}$")
HEADINGS = {Frequency.ONE_OFF: "Give once", Frequency.MONTHLY: "Give every month"}


def parse_pounds(text: str) -> int:
    """Whole pounds from what a person types: '25', '£25', '1,000' or '25.00'."""
    cleaned = re.sub(r"[\s,]", "", text).removeprefix("£")
    if WHOLE_POUNDS.match(cleaned):
        return int(float(cleaned))
    if WITH_PENCE.match(cleaned):
        raise forms.ValidationError(
            "Enter a whole number of pounds, without pence, like 25."
        )
    raise forms.ValidationError("Enter an amount in pounds, like 25.")


class DonateForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        error_messages={
            "required": "Choose whether to give once or every month.",
            "invalid_choice": "Choose whether to give once or every month.",
        },
    )
    amount = forms.CharField(required=False, max_length=12)
    other_amount = forms.CharField(required=False, max_length=20)
    designation = forms.CharField(required=False, max_length=20)
    cta = forms.CharField(required=False, max_length=60)
    gift_aid = forms.CharField(required=False, max_length=10)
    ref = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean_designation(self) -> str:
        # A checkbox: ticked means research only, anything else the general fund.
        if self.cleaned_data["designation"] == Designation.RESEARCH:
            return Designation.RESEARCH
        return Designation.GENERAL

    def clean_cta(self) -> str:
        # Passed through to the provider for attribution; a malformed one is
        # dropped rather than shown to the donor as an error they cannot fix.
        value = self.cleaned_data["cta"]
        return value if SLUG.match(value) else ""

    def clean_gift_aid(self) -> bool:
        # A checkbox: the declaration itself is made with the payment provider.
        return self.cleaned_data["gift_aid"] == "yes"

    def clean_ref(self) -> str:
        # Attribution only: a reference that is not ours is dropped, never an
        # error the donor would have to fix.
        return valid_reference(self.cleaned_data["ref"])

    def clean(self):
        data = super().clean()
        data["utm"] = utm_from(self.data)
        frequency = data.get("frequency")
        if not frequency:
            return data
        chosen, other = data.get("amount", ""), data.get("other_amount", "").strip()
        field = "amount"
        try:
            if chosen == OTHER or (not chosen and other):
                field = "other_amount"
                if not other:
                    raise forms.ValidationError(
                        "Enter the amount you would like to give."
                    )
                pounds = parse_pounds(other)
            elif chosen:
                if not CHOSEN_POUNDS.match(chosen):
                    raise forms.ValidationError("Choose one of the amounts shown.")
                pounds = int(chosen)
            else:
                raise forms.ValidationError(
                    "Choose an amount, or enter another amount."
                )
            low, high = self.page.amount_limits(frequency)
            kind = "monthly gift" if frequency == Frequency.MONTHLY else "gift"
            if pounds < low:
                raise forms.ValidationError(
                    f"The smallest {kind} we can take online is £{low:,}."
                )
            if pounds > high:
                raise forms.ValidationError(
                    f"Enter £{high:,} or less. For a larger {kind}, please call us: "
                    "we would love to talk to you."
                )
        except forms.ValidationError as error:
            self.add_error(field, error)
            return data
        data["pounds"] = pounds
        return data


def donate_forms(page, request, submitted: DonateForm | None = None) -> list[dict]:
    """What the template needs for each frequency's form, flat and ready to show.

    The page can be opened prefilled (`?frequency=monthly&amount=15&cta=…`, as
    donate buttons do); after a failed submit, the submitted form keeps the
    donor's choices and carries its errors.
    """
    query = request.GET if submitted is None else submitted.data
    wanted_frequency = query.get("frequency")
    wanted_amount = query.get("amount", "")
    if submitted is None and CHOSEN_POUNDS.match(wanted_amount):
        wanted_other = ""
    else:
        wanted_other = query.get("other_amount", "")
    cta = query.get("cta", "")
    research = query.get("designation") == Designation.RESEARCH
    gift_aid = query.get("gift_aid") == "yes"
    ref = valid_reference(query.get("ref", "")[:200])
    utm = utm_from(query)
    panels = []
    for frequency in (Frequency.ONE_OFF, Frequency.MONTHLY):
        is_wanted = wanted_frequency == frequency
        amounts = page.suggested_amounts(frequency)
        values = {str(item["amount"]) for item in amounts}
        checked = ""
        other_value = ""
        if is_wanted and wanted_amount in values:
            checked = wanted_amount
        elif is_wanted and (wanted_amount or wanted_other):
            checked = OTHER
            other_value = wanted_other or wanted_amount
            if other_value == OTHER:
                other_value = ""
        elif amounts:
            checked = str(amounts[0]["amount"])
        else:
            checked = OTHER
        low, high = page.amount_limits(frequency)
        example = int(checked) if CHOSEN_POUNDS.match(checked) else 10
        errors = {}
        if submitted is not None and is_wanted:
            errors = {name: error[0] for name, error in submitted.errors.items()}
        panels.append(
            {
                "frequency": frequency,
                "heading": HEADINGS[frequency],
                "amounts": [
                    {**item, "checked": str(item["amount"]) == checked}
                    for item in amounts
                ],
                "other_checked": checked == OTHER,
                "other_value": other_value[:20],
                "research_checked": research,
                "cta": cta if SLUG.match(cta) else "",
                "ref": ref,
                "utm": utm,
                "gift_aid_checked": gift_aid,
                "gift_aid_example": {
                    "amount": f"{example:,}",
                    "total": gift_aid_total(example),
                },
                "errors": errors,
                "minimum": f"{low:,}",
                "maximum": f"{high:,}",
            }
        )
    return panels
