"""The site's Atom feeds, safe for any text people typed."""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

# XML 1.0 has no place for most C0 control characters, and Django's feed writer raises on them:
# one form feed pasted into a title, a name or an edit note would take the whole feed down.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    return _NOT_IN_XML.sub("", value) if isinstance(value, str) else value


class AtomFeed(Atom1Feed):
    """Atom 1.0 with the characters XML cannot carry dropped from every text of the feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{key: xml_text(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **{key: xml_text(value) for key, value in kwargs.items()})


class SiteFeed(Feed):
    """Every feed of the site: Atom, with what XML cannot carry dropped."""

    feed_type = AtomFeed


class WritingsFeed(SiteFeed):
    """A feed of what people wrote (comments, Erfahrungsberichte): items with ``author_name``
    (the public name, or a lazy "gelöschtes Konto") and ``created_at``."""

    def item_author_name(self, item):
        return str(item.author_name)  # the feed writer wants text, not a lazy translation

    def item_pubdate(self, item):
        return item.created_at
