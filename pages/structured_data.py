"""schema.org descriptions of pages for search engines, written as JSON-LD.

Every page gets one graph: the page's own nodes (a MedicalWebPage for an
article, a MedicalTrial for a research project...), a BreadcrumbList below
the home page, and the charity as an Organization on the home page.
"""

import json

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page, Site

SCHEMA_CONTEXT = "https://schema.org"

MULTIPLE_SCLEROSIS = {
    "@type": "MedicalCondition",
    "name": "Multiple sclerosis",
    "alternateName": "MS",
    "code": {"@type": "MedicalCode", "codeValue": "G35", "codingSystem": "ICD-10"},
}

# Inside a <script> element, "</script>" or "<!--" in the data would end or
# confuse it; escaped like this, the JSON means the same and cannot.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def trail(page: Page) -> list[Page]:
    """The pages from the home page down to `page`, fetched once per page object."""
    if not hasattr(page, "_breadcrumb_trail"):
        ancestors = page.get_ancestors().filter(depth__gt=1)
        page._breadcrumb_trail = [*ancestors, page]
    return page._breadcrumb_trail


def breadcrumb_list(pages: list[Page], request: HttpRequest | None) -> dict:
    """The pages from the home page down to the current one, as a BreadcrumbList."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": crumb.get_full_url(request),
            }
            for position, crumb in enumerate(pages, start=1)
        ],
    }


def graph(*items: dict) -> dict:
    return {"@context": SCHEMA_CONTEXT, "@graph": list(items)}


def to_script(data: dict | None) -> SafeString:
    """`data` as a JSON-LD script element (data, so the CSP allows it)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def absolute_static(path: str, site: Site | None, request: HttpRequest | None) -> str:
    """A static file's absolute URL on the site's own host."""
    url = static(path)
    if url.startswith(("http://", "https://")):
        return url
    if site is not None:
        return site.root_url + url
    return request.build_absolute_uri(url) if request else url


def organisation(
    details, site: Site | None, request: HttpRequest | None, url: str
) -> dict:
    """The charity, from its site settings, as a schema.org NGO."""
    name = (site.site_name if site else "") or details.legal_name
    data = {
        "@type": "NGO",
        "@id": f"{url}#organisation",
        "name": name or details.legal_name,
        "url": url,
        "logo": absolute_static("images/logo.png", site, request),
    }
    if details.legal_name:
        data["legalName"] = details.legal_name
    if details.registered_charity_number:
        # schema.org's nonprofitStatus values name a legal form (UKTrust,
        # CharitableIncorporatedOrganization...), which the settings do not
        # record; the registration number is what identifies the charity.
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "Registered charity number",
            "value": details.registered_charity_number,
        }
    if details.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line.strip() for line in details.address.splitlines() if line.strip()
            ),
            "addressCountry": "GB",
        }
    # Sites set up before the helpline had its own address gave it here.
    email = details.helpline_email or details.contact_email
    if details.helpline_phone or email:
        contact = {"@type": "ContactPoint", "contactType": "helpline"}
        if details.helpline_phone:
            contact["telephone"] = details.helpline_phone
        if email:
            contact["email"] = email
        data["contactPoint"] = contact
    return data


REVIEW_NOTICE = (
    "We are reviewing this page. Some details may have changed since it was last "
    "reviewed."
)


def medical_web_page(page, request: HttpRequest | None, sources: list) -> dict:
    """An article as a MedicalWebPage, with who reviewed it and when."""
    data = {
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.meta_description,
        "url": page.get_full_url(request),
        "inLanguage": "en-GB",
        "about": MULTIPLE_SCLEROSIS,
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.date().isoformat()
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.under_review:
        data["creativeWorkStatus"] = "Under review"
        data["disclaimer"] = REVIEW_NOTICE
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
    return data


def story_article(page, request: HttpRequest | None, image_url: str = "") -> dict:
    """A story as a schema.org Article, told by the person it is about."""
    data = {
        "@type": "Article",
        "headline": page.title,
        "description": page.meta_description,
        "url": page.get_full_url(request),
        "inLanguage": "en-GB",
        "about": MULTIPLE_SCLEROSIS,
        "articleSection": page.get_kind_display(),
        "author": {"@type": "Person", "name": page.person_name},
        "genre": "Fiction" if page.is_fictional else "Personal story",
    }
    if image_url:
        data["image"] = image_url
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.date().isoformat()
    return data
