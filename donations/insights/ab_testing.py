"""Starting, following and ending A/B tests of calls to action.

A test starts when a call to action is published with variants, and keeps the
versions it shows in `CallToActionTest.versions`. Publishing again with the
same variants keeps it going (wording fixes are allowed); adding or removing a
variant, or unpublishing, stops it and, with variants, starts a new one. The
team ends a test by keeping one version: its content becomes the call to
action's own in a new revision, published through Wagtail's revision API and
logged, and the test's figures are frozen with it.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from donations.models import ABTestOutcome, CallToActionTest, DonationCallToAction

from .figures import ABTestFigures, ArmFigures, ab_test_figures
from .significance import Arm, Verdict, judge

END_ACTION = "donations.end_ab_test"


class ABTestEnded(Exception):
    """The test has already ended."""


def running_test_for(cta: DonationCallToAction) -> CallToActionTest | None:
    return CallToActionTest.objects.filter(
        call_to_action=cta, ended_at__isnull=True
    ).first()


def sync_test(cta: DonationCallToAction, user=None) -> CallToActionTest | None:
    """Called on every publish: start, update or stop the call to action's test
    to match its published variants."""
    versions = [version.as_dict() for version in cta.versions()]
    keys = [version["key"] for version in versions]
    with transaction.atomic():
        running = (
            CallToActionTest.objects.select_for_update()
            .filter(call_to_action=cta, ended_at__isnull=True)
            .first()
        )
        if running is not None:
            if len(keys) > 1 and running.variant_keys == keys:
                if running.versions != versions:
                    running.versions = versions
                    running.save(update_fields=["versions"])
                return running
            reason = (
                "Variants were added or removed."
                if len(keys) > 1
                else "Variants were removed."
            )
            stop_test(running, reason, user)
        if len(keys) > 1:
            return CallToActionTest.objects.create(
                call_to_action=cta, versions=versions
            )
    return None


def _freeze(test: CallToActionTest) -> None:
    figures = ab_test_figures([test])[test.pk]
    test.results = {
        "arms": {
            key: {
                "impressions": arm.impressions,
                "clicks": arm.clicks,
                "gifts": arm.gifts,
                "amount": arm.amount,
                "amount_squared": arm.amount_squared,
            }
            for key, arm in figures.arms.items()
        },
        "left_out_clicks": figures.left_out_clicks,
    }


def stop_test(test: CallToActionTest, reason: str, user=None) -> None:
    """End a test without keeping a version (its variants changed or went)."""
    _freeze(test)
    test.ended_at = timezone.now()
    test.ended_by = user
    test.outcome = ABTestOutcome.STOPPED
    test.stop_reason = reason
    test.save()


def end_test(test: CallToActionTest, keep: str, user) -> CallToActionTest:
    """End a running test keeping one version: the call to action takes that
    version's content, without variants, as a new published revision."""
    with transaction.atomic():
        test = CallToActionTest.objects.select_for_update().get(pk=test.pk)
        if not test.is_running:
            raise ABTestEnded
        version = test.version(keep)
        if version is None:
            raise ValueError(f"No version {keep!r} in this test.")
        _freeze(test)
        test.ended_at = timezone.now()
        test.ended_by = user
        test.outcome = ABTestOutcome.KEPT
        test.kept_variant = version.key
        test.save()

        # From the live call to action: a draft waiting to be published is
        # not what visitors saw during the test (it stays in the history).
        cta = DonationCallToAction.objects.get(pk=test.call_to_action_id)
        cta.heading = version.heading
        cta.message = version.message
        cta.button_label = version.button_label
        cta.image_id = version.image_id
        cta.variants = []
        revision = cta.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        log(
            instance=cta,
            action=END_ACTION,
            user=user,
            revision=revision,
            data={"test": test.pk, "kept": version.label},
        )
    return test


def figures_for(tests: list[CallToActionTest]) -> dict[int, ABTestFigures]:
    """Live figures for running tests, frozen ones for ended tests."""
    figures = ab_test_figures([test for test in tests if test.is_running])
    for test in tests:
        if not test.is_running:
            frozen = ABTestFigures(
                left_out_clicks=(test.results or {}).get("left_out_clicks", 0)
            )
            for key, arm in (test.results or {}).get("arms", {}).items():
                frozen.arms[key] = ArmFigures(
                    **{name: arm.get(name, 0) for name in ArmFigures.__annotations__}
                )
            figures[test.pk] = frozen
    return figures


def verdict(test: CallToActionTest, figures: ABTestFigures) -> Verdict:
    arms = [
        Arm(
            key=version.key,
            label=version.label,
            impressions=figures.arms[version.key].impressions,
            clicks=figures.arms[version.key].clicks,
            gifts=figures.arms[version.key].gifts,
            amount=figures.arms[version.key].amount,
            amount_squared=figures.arms[version.key].amount_squared,
            version=version,
        )
        for version in test.get_versions()
    ]
    return judge(arms)
