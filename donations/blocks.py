from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError


class SuggestedAmountBlock(blocks.StructBlock):
    """One amount offered on the donate page, with what it could pay for."""

    amount = blocks.IntegerBlock(
        min_value=1,
        help_text="Whole pounds, for example 10.",
    )
    impact = blocks.CharBlock(
        max_length=160,
        help_text=(
            "What this gift could do, in one short sentence, for example 'could pay "
            "for an hour of laboratory time'. Shown next to the amount."
        ),
    )

    class Meta:
        icon = "tag"
        label = "Suggested amount"
        preview_value = {"amount": 10, "impact": "could help pay for lab equipment"}


class SuggestedAmountsStreamBlock(blocks.StreamBlock):
    """The amounts offered for one frequency on the donate page, smallest first."""

    amount = SuggestedAmountBlock()

    class Meta:
        max_num = 6

    def clean(self, value):
        value = super().clean(value)
        amounts = [child.value["amount"] for child in value]
        if len(set(amounts)) != len(amounts):
            raise StreamBlockValidationError(
                non_block_errors=[ValidationError("Each amount can appear only once.")]
            )
        return value
