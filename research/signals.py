from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.search import index

from .models import ResearchIndexPage, Treatment
from .permissions import grant_hub_permissions


@receiver(post_save, sender=ResearchIndexPage)
def give_research_group_the_new_hub(sender, instance, created, raw=False, **kwargs):
    # However a hub is made (demo content, an editor, a copy), research
    # editors can work in it straight away.
    if created and not raw:
        grant_hub_permissions(instance.pk)


@receiver(post_save, sender=Treatment)
def reindex_projects_of_treatment(sender, instance, raw=False, **kwargs):
    # Projects are found by their treatments' names and brand names, which
    # the search index copies when a project is saved: refresh those copies.
    if raw:
        return
    for project in instance.projects.all():
        index.insert_or_update_object(project)
