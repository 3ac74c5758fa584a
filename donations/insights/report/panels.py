from django.forms import Media
from django.urls import reverse

from wagtail.admin.ui.components import Component

from donations.models import DonationCallToAction

from ..figures import Period, breakdowns, report_queries, sources
from .data import change

DAYS = 7
TOP = 3


class DonateClicksPanel(Component):
    """The last seven days at a glance, on fundraisers' dashboards."""

    name = "donate_clicks"
    template_name = "donations/admin/dashboard_panel.html"
    order = 150

    @property
    def media(self):
        return Media(css={"all": ["css/donations-report.css"]})

    def get_context_data(self, parent_context):
        period = Period.last(DAYS)
        previous = period.previous()
        with report_queries():
            current, prior = breakdowns(
                [period, previous], None, sources(previous.start, period.end)
            )
        total, before = current.total, prior.total
        buttons = [item for item in current.by_cta.items() if item[0] is not None]
        top = sorted(buttons, key=lambda item: item[1].clicks, reverse=True)[:TOP]
        names = DonationCallToAction.objects.in_bulk([cta_id for cta_id, _ in top])
        return {
            "period": period,
            "total": total,
            "previous": before,
            "clicks_change": change(total.clicks, before.clicks),
            "amount_change": change(total.amount, before.amount),
            "impressions_change": change(total.impressions, before.impressions),
            "top": [
                {
                    "name": names[cta_id].name if cta_id in names else "Deleted",
                    "figures": figures,
                }
                for cta_id, figures in top
                if figures.clicks
            ],
            "report_url": reverse("donations_report:index") + "?period=7",
        }
