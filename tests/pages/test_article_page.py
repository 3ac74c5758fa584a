import datetime

from django.core.exceptions import ValidationError

from wagtail.blocks import StreamValue
from wagtail.embeds.models import Embed

import pytest

from pages.blocks import (
    ArticleStreamBlock,
    FigureBlock,
    ReadMoreBlock,
    VideoBlock,
    heading_anchors,
)
from pages.models import ArticlePage, RelatedArticle, SiteSettings, StandardPage
from tests.factories.pages import (
    ArticlePageFactory,
    ArticleSourceFactory,
    CustomImageFactory,
    StandardPageFactory,
    TermFactory,
    TopicIndexPageFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


def heading(text, level="h2", anchor=""):
    return {
        "type": "heading",
        "value": {"text": text, "level": level, "anchor": anchor},
    }


def paragraph(html):
    return {"type": "paragraph", "value": html}


def stream(items) -> StreamValue:
    return ArticleStreamBlock().to_python(items)


def test_articles_live_only_in_topic_hubs(home_page, hub):
    assert ArticlePage.can_create_at(hub)
    assert not ArticlePage.can_create_at(home_page)
    assert ArticlePage.allowed_subpage_models() == []


def test_article_renders_title_summary_key_points_and_body(client, hub):
    article = ArticlePageFactory(
        parent=hub,
        title="The immune system and MS",
        summary="What goes wrong in MS.",
        key_points=[{"type": "point", "value": "Myelin protects nerves."}],
        body=[heading("What goes wrong?"), paragraph("<p>The immune system.</p>")],
    )

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The immune system and MS</h1>" in html
    assert "What goes wrong in MS." in html
    assert 'id="key-points-heading"' in html and "Myelin protects nerves." in html
    assert '<h2 id="what-goes-wrong">What goes wrong?</h2>' in html
    assert '<meta name="description" content="What goes wrong in MS.">' in html


def test_only_words_visitors_read_are_indexed_for_search():
    body = stream(
        [
            heading("Side effects", anchor="unwanted-reactions"),
            {
                "type": "callout",
                "value": {"kind": "warning", "heading": "", "text": "<p>Call us.</p>"},
            },
        ]
    )

    content = " ".join(ArticleStreamBlock().get_searchable_content(body))
    assert "Side effects" in content
    assert "Call us." in content
    for layout in ["Section heading", "unwanted-reactions", "Warning"]:
        assert layout not in content


def test_heading_anchors_are_slugs_made_unique_and_editable():
    body = stream(
        [
            heading("Side effects"),
            paragraph("<p>x</p>"),
            heading("Side effects"),
            heading("Anything", anchor="custom place"),
            heading("Side effects", level="h3"),
        ]
    )

    assert heading_anchors(body) == [
        "side-effects",
        None,
        "side-effects-2",
        "custom-place",
        "side-effects-3",
    ]
    html = str(body.render_as_block())
    assert '<h2 id="side-effects-2">' in html
    assert '<h3 id="side-effects-3">' in html


def test_anchors_work_in_any_page_body(client, home_page):
    page = StandardPageFactory(
        parent=home_page, body=[heading("Cookies"), heading("Cookies")]
    )

    html = client.get(page.url).content.decode()

    assert 'id="cookies"' in html and 'id="cookies-2"' in html


def test_contents_list_appears_with_three_section_headings(client, hub):
    two = ArticlePageFactory(parent=hub, body=[heading("One"), heading("Two")])
    three = ArticlePageFactory(
        parent=hub,
        body=[heading("One"), heading("Sub", "h3"), heading("Two"), heading("Three")],
    )

    assert 'aria-labelledby="toc-heading"' not in client.get(two.url).content.decode()
    html = client.get(three.url).content.decode()
    assert 'aria-labelledby="toc-heading"' in html
    assert '<a class="toc__link" href="#three">Three</a>' in html
    assert 'href="#sub"' not in html  # sub-headings stay out of the list
    assert three.table_of_contents == [
        {"text": "One", "anchor": "one"},
        {"text": "Two", "anchor": "two"},
        {"text": "Three", "anchor": "three"},
    ]


def test_reading_time_counts_summary_key_points_and_body(hub):
    words = " ".join(["word"] * 399)
    article = ArticlePageFactory(
        parent=hub,
        summary="one two",
        key_points=[],
        body=[paragraph(f"<p>{words}</p>")],
    )

    assert article.reading_time == 3  # 401 words at 200 a minute, rounded up
    assert ArticlePageFactory(parent=hub, summary="", body=[]).reading_time == 1


def test_related_articles_are_the_editors_choice(client, hub):
    article = ArticlePageFactory(parent=hub)
    other_hub = TopicIndexPageFactory(parent=hub.get_parent())
    chosen = ArticlePageFactory(parent=other_hub, title="Chosen elsewhere")
    ArticlePageFactory(parent=hub, title="Sibling")
    draft = ArticlePageFactory(parent=other_hub, title="Draft", live=False)
    RelatedArticle.objects.create(page=article, article=chosen, sort_order=0)
    RelatedArticle.objects.create(page=article, article=draft, sort_order=1)

    assert article.related_pages() == [chosen]
    html = client.get(article.url).content.decode()
    assert "Chosen elsewhere" in html and "Sibling" not in html


def test_related_articles_fall_back_to_live_siblings(hub):
    article = ArticlePageFactory(parent=hub)
    siblings = [ArticlePageFactory(parent=hub, title=f"S{n}") for n in range(4)]
    ArticlePageFactory(parent=hub, title="A draft", live=False)

    assert article.related_pages() == siblings[:3]


def test_provenance_is_shown_at_the_foot_of_the_article(client, hub):
    article = reviewed(ArticlePageFactory(parent=hub), sources=0)
    article.reviewer.name = "Dr Asha Patel"
    article.reviewer.save()
    ArticleSourceFactory(
        page=article,
        title="Multiple sclerosis in adults",
        url="",
        doi="10.1000/xyz",
        pmid="123",
    )
    article.save_revision().publish()

    html = client.get(article.url).content.decode()

    assert "Dr Asha Patel, Consultant neurologist, Example NHS Trust" in html
    assert "Last reviewed" in html and "Next review due" in html
    assert "First published" in html
    assert (
        '<a href="https://doi.org/10.1000/xyz">Multiple sclerosis in adults</a>' in html
    )
    assert "PMID: 123" in html
    assert '"@type": "MedicalWebPage"' in html
    assert '"lastReviewed"' in html


def test_source_identifiers_are_checked():
    from pages.models import ArticleSource

    with pytest.raises(ValidationError):
        ArticleSource(title="x", doi="not-a-doi").clean()
    for not_an_id in ("12a", "12²", "①", "١٢٣", "1234567890"):
        with pytest.raises(ValidationError):
            ArticleSource(title="x", pmid=not_an_id).clean()
    source = ArticleSource(title="x", doi="https://doi.org/10.1/abc")
    source.clean()
    assert source.doi == "10.1/abc"


def test_review_period_comes_from_the_hub(home_page):
    hub = TopicIndexPageFactory(parent=home_page, review_period_months=12)
    article = ArticlePageFactory(parent=hub)
    article.last_reviewed = datetime.date(2024, 2, 29)
    article.save()

    assert article.next_review_due == datetime.date(2025, 2, 28)


def test_hub_review_period_cannot_exceed_three_years(home_page):
    hub = TopicIndexPageFactory.build(title="T", slug="t", review_period_months=37)

    with pytest.raises(ValidationError):
        hub.full_clean(exclude=["path", "depth"])


def test_signposting_aside_shows_helpline_phone_email_hours_and_disclaimer(client, hub):
    site = hub.get_site()
    disclaimer = StandardPageFactory(parent=hub.get_parent(), title="Disclaimer")
    settings = SiteSettings.for_site(site)
    settings.helpline_phone = "0808 800 0000"
    settings.helpline_email = "helpline@example.org"
    settings.helpline_hours = "Monday to Friday, 9am to 7pm"
    settings.team_message = "Talk to your MS team first."
    settings.disclaimer = "General information only."
    settings.disclaimer_page = disclaimer
    settings.save()
    article = ArticlePageFactory(parent=hub)

    html = client.get(article.url).content.decode()

    assert '<aside class="signposting" aria-labelledby="signposting-heading">' in html
    assert 'href="tel:08088000000"' in html
    assert '<a class="signposting__email" href="mailto:helpline@example.org">' in html
    assert "Open Monday to Friday, 9am to 7pm." in html
    assert "Talk to your MS team first." in html
    assert f'<a href="{disclaimer.url}">Read our full medical disclaimer</a>' in html
    assert StandardPage.objects.filter(pk=disclaimer.pk).exists()


def test_signposting_comes_after_the_key_points_and_before_the_text(client, hub):
    article = ArticlePageFactory(
        parent=hub,
        key_points=[{"type": "point", "value": "Myelin protects nerves."}],
        body=[paragraph("<p>The immune system.</p>")],
    )

    html = client.get(article.url).content.decode()

    key_points = html.index('id="key-points-heading"')
    helpline = html.index('id="signposting-heading"')
    assert key_points < helpline < html.index("The immune system.")


def test_read_more_card_links_to_a_page_or_a_titled_address(client, hub):
    target = ArticlePageFactory(parent=hub, title="Vitamin D", summary="Sunshine.")
    block = ReadMoreBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"external_url": "https://nhs.uk", "label": ""}))
    article = ArticlePageFactory(
        parent=hub,
        body=[
            {"type": "read_more", "value": {"page": target.pk, "label": ""}},
            {
                "type": "read_more",
                "value": {"external_url": "https://www.nhs.uk/", "label": "NHS"},
            },
        ],
    )

    html = client.get(article.url).content.decode()

    assert f'href="{target.url}">Vitamin D</a>' in html
    assert "Sunshine." in html
    assert 'href="https://www.nhs.uk/">NHS</a>' in html


def test_images_need_alt_text_unless_decorative():
    image = CustomImageFactory()
    block = FigureBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "decorative": False, "alt_text": ""}}
    )

    with pytest.raises(ValidationError):
        block.clean(value)
    block.clean(
        block.to_python(
            {"image": {"image": image.pk, "decorative": True, "alt_text": ""}}
        )
    )


def test_images_render_responsive_modern_formats(client, hub):
    image = CustomImageFactory(credit="Photo: Jo Bloggs")
    article = ArticlePageFactory(
        parent=hub,
        body=[
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "decorative": False,
                        "alt_text": "A nurse with a patient",
                    },
                    "caption": "At the clinic",
                },
            }
        ],
    )

    html = client.get(article.url).content.decode()

    assert 'type="image/avif">' in html and 'type="image/webp">' in html
    assert "srcset=" in html and 'alt="A nurse with a patient"' in html
    assert "At the clinic" in html and "Photo: Jo Bloggs" in html


def test_videos_need_a_title_and_transcript(client, hub):
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                {"video": "https://www.youtube.com/watch?v=abc", "title": "x"}
            )
        )
    article = ArticlePageFactory(
        parent=hub,
        body=[
            {
                "type": "video",
                "value": {
                    "video": "https://www.youtube.com/watch?v=abc123",
                    "title": "Living with MS",
                    "transcript": "<p>Hello, I am Sam.</p>",
                },
            }
        ],
    )

    html = client.get(article.url).content.decode()

    assert "https://www.youtube-nocookie.com/embed/abc123" in html
    assert "<summary>Read the transcript" in html and "Hello, I am Sam." in html
    assert Embed.objects.filter(url__endswith="abc123").count() == 1


def test_callouts_and_quotes_render(client, hub):
    article = ArticlePageFactory(
        parent=hub,
        body=[
            {
                "type": "callout",
                "value": {
                    "kind": "warning",
                    "heading": "Get help",
                    "text": "<p>Call 999.</p>",
                },
            },
            {"type": "quote", "value": {"quote": "It helped.", "attribution": "Sam"}},
        ],
    )

    html = client.get(article.url).content.decode()

    assert 'class="callout callout--warning"' in html and "Call 999." in html
    assert "<blockquote" in html and "Sam</figcaption>" in html


def big_body(size: int, target) -> list:
    body = []
    for n in range(size):
        body += [
            heading(f"Section {n}"),
            paragraph(f"<p>term{n} and myelin appear here, section {n}.</p>"),
            {"type": "read_more", "value": {"page": target.pk, "label": ""}},
            {
                "type": "callout",
                "value": {"kind": "information", "heading": "", "text": "<p>x</p>"},
            },
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": CustomImageFactory().pk,
                        "decorative": True,
                        "alt_text": "",
                    },
                    "caption": "",
                },
            },
            {
                "type": "video",
                "value": {
                    "video": f"https://www.youtube.com/watch?v=v{n}",
                    "title": "Video",
                    "transcript": "<p>Words.</p>",
                },
            },
        ]
    return body


def test_article_queries_do_not_grow_with_its_content(
    client, hub, django_assert_max_num_queries
):
    target = ArticlePageFactory(parent=hub, title="Target")

    def build(size: int) -> str:
        article = reviewed(
            ArticlePageFactory(parent=hub, body=big_body(size, target)),
            sources=size,
        )
        for n in range(size):
            if n >= 1 or size == 1:
                TermFactory(term=f"term{n}")
            RelatedArticle.objects.create(
                page=article, article=ArticlePageFactory(parent=hub), sort_order=n
            )
        client.get(article.url)  # warm caches, make renditions and embeds
        return article.url

    small = build(1)
    with django_assert_max_num_queries(30) as captured:
        assert client.get(small).status_code == 200
    queries_for_small = len(captured.captured_queries)

    large = build(12)
    with django_assert_max_num_queries(queries_for_small):
        response = client.get(large)
    assert response.content.decode().count('class="glossary-term"') == 12


def test_editors_can_preview_an_unpublished_article(admin_client, draft_article):
    from django.urls import reverse

    from tests.pages.conftest import article_form_data

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft_article.pk])

    posted = admin_client.post(url, article_form_data(draft_article))
    preview = admin_client.get(url)

    assert posted.json()["is_valid"] is True
    assert preview.status_code == 200
    assert "Vitamin D plays a part." in preview.content.decode()


def test_scheduled_publishing_and_revisions_are_available_to_editors(
    admin_client, draft_article
):
    from django.urls import reverse

    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[draft_article.pk])
    ).content.decode()

    assert "Review and sources" in html and "Reading aids" in html
    assert "go_live_at" in html  # the schedule in the status side panel
