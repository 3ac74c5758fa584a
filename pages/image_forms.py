"""The admin's image form, with limits explained in an editor's words."""

from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    """Wagtail's image form, saying plainly what to do with a photo that is too big."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["file_too_many_pixels"] = (
            "This image is too big: %(num_pixels)s pixels, and the most we accept "
            "is %(max_pixels_count)s (50 megapixels, such as 8,660 × 5,773). "
            "Save a smaller copy, 4,000 pixels wide is plenty, and upload that."
        )
