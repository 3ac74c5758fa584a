from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Workflow, WorkflowPage

from .models import TopicIndexPage

MEDICAL_REVIEW_WORKFLOW = "Medical review"


@receiver(post_save, sender=TopicIndexPage)
def put_new_hubs_under_medical_review(sender, instance, created, raw=False, **kwargs):
    """A new hub's articles go through clinical sign-off, like the existing ones'."""
    if not created or raw:
        return
    workflow = Workflow.objects.filter(
        name=MEDICAL_REVIEW_WORKFLOW, active=True
    ).first()
    if workflow and not WorkflowPage.objects.filter(page=instance).exists():
        WorkflowPage.objects.create(page=instance, workflow=workflow)
