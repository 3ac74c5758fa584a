from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from pages.cache.fragments import fragment
from pages.glossary import MarkedUpBody, mark_up_terms
from pages.models import ArticlePage, GlossaryPage, Term
from pages.structured_data import medical_web_page
from pages.visibility import private_q

register = template.Library()


@dataclass
class ArticleBody:
    html: SafeString
    terms: list = field(default_factory=list)  # glossary terms, in order of use
    contents: list = field(default_factory=list)  # table_of_contents()
    reading_time: int = 1


def _work_out(page: ArticlePage, context, request) -> ArticleBody:
    html = page.body.render_as_block(context=context.flatten())
    if page.glossary_markup:
        terms = fragment(request, "glossary-terms", lambda: list(Term.objects.all()))
        marked = mark_up_terms(html, terms)
    else:
        marked = MarkedUpBody(html)
    return ArticleBody(
        html=mark_safe(str(marked.html)),
        terms=marked.terms,
        contents=page.table_of_contents,
        reading_time=page.reading_time,
    )


@register.simple_tag(takes_context=True)
def article_body(context, page: ArticlePage) -> ArticleBody:
    """The article's body HTML with glossary terms marked, the terms used, its
    table of contents and its reading time.

    Working these out turns the stored body into blocks, renders it and parses
    the HTML for glossary terms: the costliest part of an article. So a live
    page's are kept per published revision (and per glossary and call to
    action: any change to a snippet replaces the epoch in the key) for the
    page cache's lifetime, which dated donate prompts in the body rely on.
    Previews, and pages never published through a revision, are worked out
    each time.
    """
    request = context.get("request")
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not (page.live and page.live_revision_id)
    ):
        return _work_out(page, context, request)
    name = f"article-body:{request.get_host()}:{page.pk}:{page.live_revision_id}"
    return fragment(request, name, lambda: _work_out(page, context, request))


@register.simple_tag(takes_context=True)
def glossary_url(context) -> str:
    request = context.get("request")

    def find() -> str:
        glossary = GlossaryPage.objects.live().exclude(private_q(request)).first()
        return glossary.get_url(request) if glossary else ""

    return fragment(request, "glossary-url", find)


@register.simple_tag(takes_context=True)
def article_structured_data(context, page: ArticlePage, sources) -> dict:
    """The article as a schema.org MedicalWebPage, for `page_json_ld`."""
    return medical_web_page(page, context.get("request"), sources)


@register.inclusion_tag("components/feedback_form.html")
def feedback_form(page) -> dict:
    """ "Was this page helpful?": a plain POST form, so cached pages can carry it."""
    return {
        "page": page,
        "retention_months": settings.FEEDBACK_COMMENT_RETENTION_MONTHS,
    }
