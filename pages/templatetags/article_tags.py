from django import template
from django.conf import settings

from pages.glossary import MarkedUpBody, mark_up_terms
from pages.models import ArticlePage, GlossaryPage, Term
from pages.structured_data import medical_web_page

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, page: ArticlePage) -> MarkedUpBody:
    """The article's body HTML with glossary terms marked, and the terms used."""
    html = page.body.render_as_block(context=context.flatten())
    if not page.glossary_markup:
        return MarkedUpBody(html)
    return mark_up_terms(html, Term.objects.all())


@register.simple_tag
def glossary_url() -> str:
    glossary = GlossaryPage.objects.live().public().first()
    return glossary.url if glossary else ""


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
