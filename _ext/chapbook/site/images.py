"""Images on the site reserve their space and load when the reader gets near them.

Each local image of a page gets its file's pixel size as ``width`` and
``height`` (no unit: HTML attributes, from which browsers keep the space for
the image before it arrives, so the text does not jump; Chapbook's stylesheet
still scales it to the column), and every image after a page's first loads
lazily. The first stays eager: it is often what the reader sees first, and a
lazy first image is slower to appear (Lighthouse's "LCP image lazy-loaded").
A size the author gave, an image that cannot be measured and remote images
are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size

from chapbook.builders import SITE_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SizedLazyImages(SphinxPostTransform):
    default_priority = 800
    builders = tuple(SITE_BUILDERS)

    def run(self, **kwargs: Any) -> None:
        for index, image in enumerate(self.document.findall(nodes.image)):
            if index > 0:
                image.setdefault("loading", "lazy")
            self._size(image)

    def _size(self, image: nodes.image) -> None:
        uri = image.get("uri", "")
        if any(key in image for key in ("width", "height", "scale")) or "://" in uri:
            return
        path = (self.env.srcdir / uri).resolve()
        if not path.is_relative_to(self.env.srcdir.resolve()) or not path.is_file():
            return
        size = get_image_size(path)
        if size and all(size):
            image["width"], image["height"] = str(size[0]), str(size[1])
            # A size makes Sphinx wrap the image in a link to itself (a "scaled" image);
            # this is its natural size, and a click zooms it (chapbook.js) instead.
            image["classes"].append("no-scaled-link")


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(SizedLazyImages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
