import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from pages.cache.fragments import fragment
from pages.glossary import MarkedUpBody, mark_up_terms
from pages.models import ArticlePage, GlossaryPage, Term
from pages.structured_data import medical_web_page
from pages.visibility import private_q

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, page: ArticlePage) -> MarkedUpBody:
    """The article's body HTML with glossary terms marked, and the terms used.

    Marking parses the HTML, so it is done once per version of the body (and
    of the glossary), not once per visit.
    """
    request = context.get("request")
    html = page.body.render_as_block(context=context.flatten())
    if not page.glossary_markup:
        return MarkedUpBody(html)
    terms = fragment(request, "glossary-terms", lambda: list(Term.objects.all()))

    def mark_up() -> tuple[str, list[int]]:
        marked = mark_up_terms(html, terms)
        return str(marked.html), [term.pk for term in marked.terms]

    digest = hashlib.blake2b(html.encode(), digest_size=16).hexdigest()
    marked_html, used = fragment(request, f"glossary-body:{digest}", mark_up)
    by_pk = {term.pk: term for term in terms}
    return MarkedUpBody(
        mark_safe(marked_html), [by_pk[pk] for pk in used if pk in by_pk]
    )


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
