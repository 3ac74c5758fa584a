import json

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from pages.glossary import MarkedUpBody, mark_up_terms
from pages.models import ArticlePage, GlossaryPage, Term

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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
def article_structured_data(context, page: ArticlePage, sources) -> SafeString:
    """schema.org MedicalWebPage with review details, as JSON-LD."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.meta_description,
        "url": page.get_full_url(request),
        "inLanguage": "en-GB",
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.reviewer:
        data["reviewedBy"] = {
            "@type": "Person",
            "name": page.reviewer.name,
            "jobTitle": page.reviewer.role,
            "affiliation": {
                "@type": "Organization",
                "name": page.reviewer.organisation,
            },
        }
    citations = [source.title for source in sources]
    if citations:
        data["citation"] = citations
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.inclusion_tag("components/feedback_form.html")
def feedback_form(page) -> dict:
    """ "Was this page helpful?": a plain POST form, so cached pages can carry it."""
    return {
        "page": page,
        "retention_months": settings.FEEDBACK_COMMENT_RETENTION_MONTHS,
    }
