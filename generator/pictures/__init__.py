"""Pictures drawn at build time as inline SVG: no JavaScript, no web request, no chart library.

Each picture is a function of the briefing and one page's context (language, links, words) and
returns an HTML ``<figure>`` that the page's Markdown carries as one raw block. Inline (rather
than an ``<img>`` of a separate file) so that every mark can be a link, the page's self-hosted
Arabic typeface applies to the labels, and a strict Content-Security-Policy needs no exception:
colours and dashes are SVG presentation attributes, never ``style``.

Every picture is O(n) in the records it shows, so it never slows the build as content grows.
"""

from .matrix import area_matrix
from .network import actor_network
from .timeline import timeline

__all__ = ["actor_network", "area_matrix", "timeline"]
