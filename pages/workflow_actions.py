"""Workflow hooks Wagtail imports by name while its own models load.

This module must import nothing from Wagtail or the pages models.
"""


def publish_approved(workflow_state, user=None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish what the workflow approved.

    Approval is the authority to publish, so clinical reviewers need no
    publish permission of their own. ArticlePage.publish still refuses an
    article without its provenance.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
