"""Demo content for the `pages` app, written from the facts of the seed document.

Other apps add theirs through the `load_demo_content` hook and reuse the
helpers here. Every helper is idempotent: it finds what an earlier run made
by slug and only rewrites it when asked to refresh.
"""

from wagtail.models import Page, Site

from .models import (
    HomePage,
    NavigationSettings,
    SiteSettings,
    StandardPage,
    TopicIndexPage,
)


def paragraph(*texts: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def upsert_page(
    parent: Page, model: type[Page], slug: str, refresh: bool, **fields
) -> Page:
    """Create the child page `slug` of `parent`, or update it when refreshing.

    Pages that exist are left as they are unless `refresh` is set, so an
    editor's changes in a local database survive another `make run`.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    elif refresh:
        for name, value in fields.items():
            setattr(page, name, value)
    else:
        return page
    page.save_revision().publish()
    return page


def link(page: Page, label: str = "") -> dict:
    return {
        "type": "link",
        "value": {"page": page.pk, "external_url": "", "label": label},
    }


def add_to_menu(site: Site, page: Page, field: str = "primary_navigation") -> None:
    """Append a link to `page` to a menu unless the menu already has one."""
    navigation = NavigationSettings.for_site(site)
    links = list(getattr(navigation, field).raw_data)
    if any(item["value"].get("page") == page.pk for item in links):
        return
    links.append(link(page))
    setattr(navigation, field, links)
    navigation.save()


HOME_FIELDS = {
    "title": "Home",
    "hero_heading": "Clear information about MS, and research to stop it",
    "hero_intro": (
        "Whether you have just been diagnosed or have lived with multiple sclerosis "
        "for years, find out what is happening in your body, how treatments work and "
        "what research is doing next."
    ),
    "summary": (
        "Reviewed information about multiple sclerosis, the research we fund and how "
        "you can help."
    ),
    "research_intro": (
        "We fund and follow clinical trials and laboratory studies that aim to stop "
        "MS, from early intensive treatment to drugs that reach the brain."
    ),
}


def load_home(refresh: bool = False) -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.first()
    if home is None:
        welcome = site.root_page
        is_welcome_page = welcome.specific_class is Page
        if is_welcome_page:
            welcome.slug = "wagtail-welcome"
            welcome.save()
        home = HomePage(slug="home", **HOME_FIELDS)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        site.root_page = home
        site.site_name = "MS Portal"
        site.save()
        # Only after the site points at the new home: deleting a site's root
        # page deletes the site too.
        if is_welcome_page:
            welcome.delete()
    elif refresh:
        for name, value in HOME_FIELDS.items():
            setattr(home, name, value)
        home.save_revision().publish()
    return home


STANDARD_PAGES = [
    (
        "privacy",
        "Privacy notice",
        "What we collect when you use this website, why, and how long we keep it.",
        [
            heading("The short version"),
            paragraph(
                "You can read every page of this website without being tracked. We set "
                "no cookies for visitors, use no third-party analytics or advertising "
                "tools, and never store your IP address.",
            ),
            heading("Donate buttons"),
            paragraph(
                "To learn which donate buttons work, we count clicks and how often "
                "each button is seen. A click is recorded with the time, the button, "
                "the page it was on and the kind of device (phone, tablet or "
                "computer). To avoid counting the same person twice we combine your "
                "connection details with a random value that changes every day and "
                "keep only the scrambled result. The daily value is thrown away at "
                "midnight, so the result cannot be linked back to you. If your browser"
                " sends Do Not Track or Global Privacy Control, we do not count when a"
                " button is seen.",
            ),
            heading("Feedback and searches"),
            paragraph(
                "If you tell us whether a page was helpful, we store your answer and "
                "any comment you write, but nothing that identifies you. Please do not"
                " include personal or medical details. Comments are deleted after 12 "
                "months.",
                "We keep the words people search for, without any details about who "
                "searched, so we can find gaps in our information. Searches are "
                "deleted after a retention period.",
            ),
            heading("Donations"),
            paragraph(
                "When you donate, you pay on our payment provider's secure website. "
                "Your card details never reach this website.",
            ),
        ],
    ),
    (
        "accessibility",
        "Accessibility statement",
        "How accessible this website is, and how to tell us about a problem.",
        [
            heading("Using this website"),
            paragraph(
                "We want as many people as possible to be able to use this website, "
                "including people whose MS affects their sight, movement, fatigue or "
                "thinking. You should be able to zoom to 400% without text spilling "
                "off the screen, move around using just a keyboard, and use a screen "
                "reader.",
            ),
            heading("How we test"),
            paragraph(
                "Every change is tested automatically against the Web Content "
                "Accessibility Guidelines (WCAG) 2.2 at level AA, in a real browser, "
                "before it goes live.",
            ),
            heading("Reporting a problem"),
            paragraph(
                "If something on this website is hard to use, please contact us and "
                "tell us the page address and what went wrong. We aim to reply within "
                "five working days.",
            ),
        ],
    ),
    (
        "medical-disclaimer",
        "Medical disclaimer",
        "Our information supports, but does not replace, advice from your MS team.",
        [
            heading("Information, not advice"),
            paragraph(
                "The information on this website is written in plain English and "
                "checked by clinical reviewers. It is general information about "
                "multiple sclerosis, not advice about your own care.",
                "Everyone's MS is different. Talk to your MS nurse, neurologist or GP "
                "before you start, stop or change any treatment.",
            ),
            heading("If you need help now"),
            paragraph(
                "If you have new or worsening symptoms, contact your MS team. In an "
                "emergency, call 999.",
            ),
        ],
    ),
]


def load(stdout, refresh: bool = False) -> HomePage:
    home = load_home(refresh)
    site = Site.objects.get(is_default_site=True)

    about = upsert_page(
        home,
        TopicIndexPage,
        "about-ms",
        refresh,
        title="About MS",
        summary=(
            "What multiple sclerosis is, what goes wrong with the immune system, and "
            "how treatments work."
        ),
        intro=(
            "<p>In multiple sclerosis (MS) the immune system attacks myelin, the "
            "protective coating around nerves. These articles explain what that means "
            "and how treatments can help.</p>"
        ),
    )
    add_to_menu(site, about)
    if not home.featured_topics:
        home.featured_topics = [
            {"type": "topic", "value": {"page": about.pk, "summary": ""}}
        ]
        home.save_revision().publish()

    for slug, title, summary, body in STANDARD_PAGES:
        page = upsert_page(
            home, StandardPage, slug, refresh, title=title, summary=summary, body=body
        )
        add_to_menu(site, page, "footer_navigation")

    details = SiteSettings.for_site(site)
    if refresh or not details.registered_charity_number:
        details.legal_name = "MS Portal Charity (demonstration)"
        details.registered_charity_number = "1234567"
        details.helpline_phone = "0808 800 0000"
        details.helpline_hours = "Monday to Friday, 9am to 7pm"
        details.helpline_email = "helpline@example.org"
        details.footer_text = (
            "Demonstration site: names, numbers and addresses are fictional."
        )
        details.save()

    # Imported here: the articles module builds on this module's helpers.
    from .demo_articles import load_articles

    load_articles(home, stdout, refresh)
    stdout.write(f"Pages: {home.title} and {about.title} ready.")
    return home
