from pages.blocks import ArticleStreamBlock


class ResearchStreamBlock(ArticleStreamBlock):
    """Body of a research project page, with every block an article has."""
