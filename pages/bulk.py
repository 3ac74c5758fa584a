"""Many live pages at once, for benchmarks and for tests that prove a page's
cost does not grow with how much it shows. Saving pages one by one costs
several queries each; ten thousand that way would take many minutes."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page


def add_pages(parent: Page, model, count: int, **fields) -> list[Page]:
    """`count` live pages of `model` below `parent`, titled "<Model> <n>".

    Each of `fields` is a value, or a function of the page's number. No
    signals are sent and the search index is not updated.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    run = uuid.uuid4().hex[:6]
    pages = []
    for number in range(count):
        slug = f"bulk-{run}-{number}"
        values = {
            "title": f"{model._meta.verbose_name.capitalize()} {number}",
            **{
                name: value(number) if callable(value) else value
                for name, value in fields.items()
            },
        }
        pages.append(
            model(
                draft_title=values["title"],
                slug=slug,
                content_type=content_type,
                path=model._get_path(
                    parent.path, parent.depth + 1, parent.numchild + number + 1
                ),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                **values,
            )
        )
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in pages]
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
    # Django cannot bulk_create a multi-table child; this is the insert it uses.
    model.objects.all()._batched_insert(
        pages, model._meta.local_concrete_fields, batch_size=1000
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    parent.numchild += count
    return pages
