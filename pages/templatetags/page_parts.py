"""`{% shared_part "name" %}…{% endshared_part %}`: a part of a page that is
the same for every visitor, kept in the cache until the page cache would
purge the page.

Its key holds the page cache's epoch and the path's version (see
`pages.cache.store`), so publishing the page, or any page it shows, and any
change to a snippet or setting rebuilds it, exactly when the whole page would
be; and it expires with pages, after PAGE_CACHE_TIMEOUT. It serves renders
that the page cache does not answer: when it is switched off
(PAGE_CACHE_ENABLED=false) or its entry was evicted. Only for anonymous
visitors of a live, published page; editors and previews always get a fresh
render. What is inside must not read the query string.
"""

from django import template

from pages.cache.fragments import fragment, path_version
from pages.cache.middleware import is_anonymous_read

register = template.Library()


def _shared_key(context, name: str) -> str | None:
    request, page = context.get("request"), context.get("page")
    if (
        request is None
        or page is None
        or getattr(request, "is_preview", False)
        or not getattr(request, "page_cache_allowed", False)
        or not is_anonymous_read(request)
        or not (page.live and page.live_revision_id)
    ):
        return None
    return (
        f"part:{name}:{request.get_host()}{request.path}:{path_version(request)}:"
        f"{page.pk}:{page.live_revision_id}"
    )


class SharedPartNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        key = _shared_key(context, self.name)
        if key is None:
            return self.nodelist.render(context)
        request = context["request"]
        return fragment(request, key, lambda: self.nodelist.render(context))


@register.tag
def shared_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f'Use {{% {bits[0]} "name" %}}…{{% end{bits[0]} %}}'
        )
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    return SharedPartNode(bits[1][1:-1], nodelist)
