from django.urls import reverse

from wagtail.admin.panels import HelpPanel


class ABTestHelpPanel(HelpPanel):
    """How A/B tests work, and the state of this call to action's test, on the
    snippet's "A/B test" tab."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "donations/admin/ab_test_help_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            from .models import CallToActionTest

            context = super().get_context_data(parent_context)
            test = None
            if self.instance.pk:
                test = CallToActionTest.objects.filter(
                    call_to_action=self.instance, ended_at__isnull=True
                ).first()
            context["test"] = test
            user = self.request.user if self.request else None
            if test and user and user.has_perm("donations.view_fundraising_report"):
                context["test_url"] = reverse(
                    "donations_report:ab_test", args=[test.pk]
                )
            return context
