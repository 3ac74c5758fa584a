from wagtail import hooks
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import demo
from .models import Appeal, DonationCallToAction


class DonationCallToActionViewSet(SnippetViewSet):
    model = DonationCallToAction
    icon = "pick"
    menu_label = "Calls to action"
    list_display = [
        "name",
        "heading",
        "appeal",
        "active_from",
        "active_until",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["live", "appeal", "destination"]
    search_fields = ["name", "heading", "message"]
    ordering = ["name"]
    copy_view_enabled = True


class AppealViewSet(SnippetViewSet):
    model = Appeal
    icon = "calendar"
    menu_label = "Appeals"
    list_display = ["name", "starts_on", "ends_on", "designation"]
    list_filter = ["designation"]
    search_fields = ["name"]


class DonationsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Donations"
    menu_icon = "pick"
    menu_order = 300
    items = (DonationCallToActionViewSet, AppealViewSet)


register_snippet(DonationsViewSetGroup)


@hooks.register("load_demo_content", order=20)
def load_donations_demo(home, stdout, refresh=False):
    demo.load(home, stdout, refresh=refresh)
