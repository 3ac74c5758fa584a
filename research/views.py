from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.admin.utils import get_valid_next_url_from_request

from pages.models import ArticlePage

from .article_links import LinkRefused, link_article
from .models import ResearchProjectPage


@require_POST
def link_article_view(request, project_id: str, article_id: str):
    """Link an article from a project it names, from the article's editor."""
    article = get_object_or_404(ArticlePage, pk=article_id)
    project = get_object_or_404(
        ResearchProjectPage.objects.only("title"), pk=project_id
    )
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    title = f"“{project.title}”"
    try:
        linked = link_article(project.pk, article, request.user)
    except LinkRefused as refusal:
        messages.error(request, f"Not linked. {refusal}")
    else:
        if linked:
            messages.success(
                request,
                f"Linked and published: {title} now lists this article, and the "
                "article shows the project under ‘Research on this topic’.",
            )
        else:
            messages.info(request, f"{title} already links to this article.")
    back = get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[article.pk]
    )
    return HttpResponseRedirect(back)
