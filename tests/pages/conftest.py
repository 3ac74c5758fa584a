import datetime

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest

from tests.factories.pages import (
    ArticlePageFactory,
    ClinicalReviewerFactory,
    TopicIndexPageFactory,
)


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page's latest changes as an editor would, purges included."""

    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "password", first_name="Ed"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def draft_article(hub):
    """An unpublished article with no reviewer, review date or source."""
    return ArticlePageFactory(parent=hub, title="Vitamin D and MS", live=False)


def article_form_data(
    page, *, reviewer=None, last_reviewed=None, sources=(), **extra
) -> dict:
    """What the article editor posts, with the provenance fields given."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "key_points": streamfield([("point", "Vitamin D affects immunity.")]),
            "body": streamfield(
                [("paragraph", rich_text("<p>Vitamin D plays a part.</p>"))]
            ),
            "related_articles": inline_formset([]),
            "sources": inline_formset(
                [
                    {
                        "title": title,
                        "publisher": "NICE",
                        "year": "2022",
                        "url": "",
                        "doi": "",
                        "pmid": "",
                    }
                    for title in sources
                ]
            ),
            "comments": inline_formset([]),
            "glossary_markup": "on",
            "show_default_call_to_action": "on",
            "review_period_months": "",
            "reviewer": reviewer.pk if reviewer else "",
            "owner": "",
            "last_reviewed": last_reviewed.isoformat() if last_reviewed else "",
            "next_review_due": "",
        }
    )
    data.update(extra)
    return data


@pytest.fixture
def complete_provenance(db):
    return {
        "reviewer": ClinicalReviewerFactory(),
        "last_reviewed": datetime.date.today() - datetime.timedelta(days=3),
        "sources": ["Multiple sclerosis in adults: management"],
    }
