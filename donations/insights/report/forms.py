from datetime import date, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from donations.models import Appeal, DonationCallToAction

from ..figures import MAX_PERIOD_DAYS, Period
from ..rollup import uk_today

PERIOD_CHOICES = [
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("appeal", "The appeal's dates"),
    ("custom", "Dates I choose"),
]
EARLIEST = date(2000, 1, 1)


class DateInput(forms.DateInput):
    """The browser's own date picker: keyboard and screen-reader friendly."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ListSelect(forms.Select):
    """A select whose options are written in one go rather than through a
    template each: the list of calls to action can run to hundreds."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (o["value"], " selected" if o["selected"] else "", o["label"])
                for _, group, _ in widget["optgroups"]
                for o in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class ReportFilterForm(forms.Form):
    """What the donate clicks report covers. Submitted with GET, so every view
    of the report has its own address to share or bookmark."""

    period = forms.ChoiceField(
        choices=PERIOD_CHOICES, initial="30", widget=forms.RadioSelect
    )
    start = forms.DateField(
        label="From",
        required=False,
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="The first day, UK time.",
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="The last day (today at the latest).",
    )
    appeal = forms.ModelChoiceField(
        queryset=Appeal.objects.all(),
        required=False,
        empty_label="All appeals",
        widget=ListSelect,
    )
    call_to_action = forms.ModelChoiceField(
        queryset=DonationCallToAction.objects.order_by("name"),
        required=False,
        empty_label="All calls to action",
        widget=ListSelect,
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("period"):
            # The report's own links leave the default out.
            data = data.copy()
            data["period"] = "30"
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period")
        today = uk_today()
        if choice in ("7", "30", "90"):
            cleaned["dates"] = Period.last(int(choice), today)
        elif choice == "appeal":
            cleaned["dates"] = self._appeal_period(cleaned.get("appeal"), today)
        elif choice == "custom":
            cleaned["dates"] = self._custom_period(
                cleaned.get("start"), cleaned.get("end"), today
            )
        return cleaned

    def _appeal_period(self, appeal: Appeal | None, today: date) -> Period | None:
        if appeal is None:
            self.add_error("appeal", "Choose the appeal whose dates to use.")
            return None
        if appeal.starts_on is None:
            self.add_error(
                "appeal",
                f"{appeal.name} has no start date. Add one to the appeal, or choose "
                "the dates yourself.",
            )
            return None
        if appeal.starts_on > today:
            self.add_error(
                "appeal",
                f"{appeal.name} starts on {appeal.starts_on:%d/%m/%Y}: "
                "there are no figures yet.",
            )
            return None
        end = min(appeal.ends_on or today, today)
        start = max(appeal.starts_on, end - timedelta(days=MAX_PERIOD_DAYS - 1))
        return Period(start, end)

    def _custom_period(self, start, end, today: date) -> Period | None:
        if start is None and "start" not in self.errors:
            self.add_error("start", "Enter the first day, for example 01/03/2026.")
        if end is None and "end" not in self.errors:
            self.add_error("end", "Enter the last day, for example 31/03/2026.")
        if start is None or end is None:
            return None
        if start < EARLIEST:
            self.add_error("start", "Enter a day in 2000 or later.")
        if end > today:
            self.add_error("end", "The last day cannot be after today.")
        if end < start:
            self.add_error("end", "The last day must be on or after the first day.")
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("end", "Choose at most two years (731 days) at a time.")
        if self.errors:
            return None
        return Period(start, end)
