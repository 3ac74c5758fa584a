"""A/B tests follow what is published: see donations.ab_testing."""

from .ab_testing import running_test_for, stop_test, sync_test


def start_or_update_test(sender, instance, revision=None, **kwargs):
    sync_test(instance, user=getattr(revision, "user", None))


def stop_test_on_unpublish(sender, instance, **kwargs):
    test = running_test_for(instance)
    if test is not None:
        stop_test(test, "The call to action was unpublished.", kwargs.get("user"))
