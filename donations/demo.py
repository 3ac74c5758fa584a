"""Demo content for donations, loaded through the `load_demo_content` hook."""

from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Site

from pages.demo import add_to_menu, upsert_page
from pages.models import ArticlePage

from .choices import Designation, Destination, Frequency
from .models import (
    Appeal,
    CallToActionTest,
    CallToActionVariant,
    DonatePage,
    DonationCallToAction,
    DonationSettings,
)

DEMO_PROVIDER_URL = "https://donate.example.org/checkout"


def amounts(*items: tuple[int, str]) -> list[dict]:
    return [
        {"type": "amount", "value": {"amount": amount, "impact": impact}}
        for amount, impact in items
    ]


DONATE_FIELDS = {
    "title": "Donate",
    "summary": "Give today to help find treatments for everyone with MS.",
    "intro": (
        "<p>Your gift funds research into stopping the immune attacks behind MS "
        "and repairing the damage they cause.</p>"
    ),
    "one_off_amounts": amounts(
        (10, "could help buy supplies for a laboratory studying myelin"),
        (25, "could help a researcher spend more time on the search for treatments"),
        (50, "could help run a clinical trial of a promising treatment"),
    ),
    "monthly_amounts": amounts(
        (5, "each month helps keep research going from one year to the next"),
        (10, "each month helps fund scientists working to stop progression"),
        (20, "each month helps bring new treatments to trials sooner"),
    ),
}


def upsert_call_to_action(slug: str, refresh: bool, **fields) -> DonationCallToAction:
    """Create and publish a call to action, or rewrite it when refreshing."""
    cta = DonationCallToAction.objects.filter(slug=slug).first()
    if cta is not None and not refresh:
        return cta
    if cta is None:
        cta = DonationCallToAction(slug=slug)
    for name, value in fields.items():
        setattr(cta, name, value)
    cta.full_clean()
    cta.save()
    cta.save_revision().publish()
    return cta


def start_demo_test(cta: DonationCallToAction) -> None:
    """Give the article's call to action a variant and publish it, which starts
    an A/B test; dated six weeks back, so the demo activity gives each version
    enough gifts to judge it on money."""
    if cta.variants.exists():
        return
    cta.variants = [
        CallToActionVariant(
            name="Repair, not just calm",
            heading="Fund the research that could repair myelin",
            button_label="Give monthly",
        )
    ]
    cta.save_revision().publish()
    CallToActionTest.objects.filter(call_to_action=cta, ended_at__isnull=True).update(
        started_at=timezone.now() - timedelta(weeks=6)
    )


def load(home, stdout, refresh: bool = False) -> None:
    site = Site.objects.get(is_default_site=True)
    page = upsert_page(home, DonatePage, "donate", refresh, **DONATE_FIELDS)
    add_to_menu(site, page)

    appeal, _ = Appeal.objects.get_or_create(
        name="Stop MS appeal",
        defaults={
            "starts_on": date(2026, 1, 1),
            "designation": Designation.RESEARCH,
        },
    )
    default = upsert_call_to_action(
        "donate-now",
        refresh,
        name="Evergreen: donate now",
        heading="Donate now to help find treatments for everyone with MS",
        message=(
            "Research is finding ways to stop the immune attacks behind MS. Your "
            "gift helps it reach everyone living with the condition."
        ),
        button_label="Donate now",
        destination=Destination.DONATE_PAGE,
    )
    in_article = upsert_call_to_action(
        "immune-system-article",
        refresh,
        name="Immune system article: stop the attacks",
        heading="Help us stop immune attacks on myelin",
        message=(
            "Today's treatments calm the immune system, but none can yet repair the "
            "damage. Give monthly to fund the research that could."
        ),
        button_label="Give £10 a month",
        suggested_amount=10,
        suggested_frequency=Frequency.MONTHLY,
        appeal=appeal,
        destination=Destination.DONATE_PAGE,
    )
    for_deliver_ms = upsert_call_to_action(
        "deliver-ms-scans",
        refresh,
        name="DELIVER-MS: fund the scans",
        heading="Fund the scans that show what early treatment does",
        message=(
            "We are paying for the MRI scans in DELIVER-MS, which will show how "
            "different ways of starting treatment affect the brain."
        ),
        button_label="Donate to research",
        appeal=appeal,
        destination=Destination.DONATE_PAGE,
    )
    place_in_article(home, in_article)
    place_on_project(f"{home.url_path}research/deliver-ms/", for_deliver_ms)
    place_on_home(home, default)

    start_demo_test(in_article)

    donation_settings = DonationSettings.for_site(site)
    if refresh or not donation_settings.payment_provider_url:
        donation_settings.payment_provider_url = DEMO_PROVIDER_URL
        donation_settings.default_call_to_action = default
        donation_settings.save()

    call_command("generate_demo_donation_activity", stdout=stdout)
    stdout.write(f"Donations: {page.title} page and calls to action ready.")


def _prompt(cta: DonationCallToAction) -> dict:
    return {"type": "donation_call_to_action", "value": cta.pk}


def place_in_article(home, cta: DonationCallToAction) -> None:
    """Put the prompt in the immune-system article where the seed page has its
    appeal: after the section on progression, before early treatment."""
    article = ArticlePage.objects.filter(
        url_path=f"{home.url_path}about-ms/immune-system-and-ms/"
    ).first()
    if article is None:
        return
    body = list(article.body.raw_data)
    if any(block["type"] == "donation_call_to_action" for block in body):
        return
    position = next(
        (
            index
            for index, block in enumerate(body)
            if block["type"] == "heading"
            and block["value"]["text"].startswith("Is early, intensive treatment")
        ),
        len(body),
    )
    body.insert(position, _prompt(cta))
    article.body = body
    article.save_revision().publish()


def place_on_project(url_path: str, cta: DonationCallToAction) -> None:
    """Give a research project the prompt of the appeal that funds it.

    Looked up as a plain page: donations must not import the research app.
    """
    page = Page.objects.filter(url_path=url_path).first()
    project = page.specific if page else None
    if project is None or not hasattr(project, "call_to_action"):
        return
    if project.call_to_action:
        return
    project.call_to_action = [_prompt(cta)]
    project.save_revision().publish()


def place_on_home(home, cta: DonationCallToAction) -> None:
    """The home page's donate prompt, below the research section."""
    body = list(home.body.raw_data)
    if any(block["type"] == "donation_call_to_action" for block in body):
        return
    home.body = [*body, _prompt(cta)]
    home.save_revision().publish()
