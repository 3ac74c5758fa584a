from django.urls import reverse

from wagtail.admin.panels import Panel

from .article_links import projects_named_in, why_not_linkable


class NamedProjectsPanel(Panel):
    """On an article's editor: the research projects it names but does not link."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "research/admin/named_projects_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            article = self.instance
            context["saved"] = bool(article.pk)
            if not article.pk:
                return context
            context["projects"] = [
                {
                    "title": named.project.title,
                    "named_as": named.named_as,
                    "live": named.project.live,
                    "edit_url": reverse(
                        "wagtailadmin_pages:edit", args=[named.project.pk]
                    ),
                    "why_not": why_not_linkable(named.project, self.request.user),
                    "link_url": reverse(
                        "research_link_article", args=[named.project.pk, article.pk]
                    ),
                }
                for named in projects_named_in(article)
            ]
            return context
