from django import template

register = template.Library()


@register.filter
def page_numbers(page):
    """The page numbers a page's pagination links to: the first and last, and
    two either side of the current one, with Paginator.ELLIPSIS for each gap.
    Ten thousand search results would otherwise give a thousand links."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
