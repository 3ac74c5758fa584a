from .index_page import ResearchIndexPage
from .project_page import ProjectRelatedArticle, ProjectResearcher, ResearchProjectPage
from .snippets import Researcher, ResearchTheme, Treatment

__all__ = [
    "ProjectRelatedArticle",
    "ProjectResearcher",
    "ResearchIndexPage",
    "ResearchProjectPage",
    "ResearchTheme",
    "Researcher",
    "Treatment",
]
