"""Signed-in reading pages: rendered once per content generation and role, made personal per request.

Why: anonymous pages are served whole from the page cache (``kochbuch.pagecache``), but the
people who comment, propose and moderate are signed in, and a recipe page with 200 comments
cost them 37 ms of CPU per request (bench/load.py). Yet two Mitwirkende see almost the same
page: the text, the threads, the navigation are the same for everyone with the same rights.
Only a few places are personal: the header's own links (name, "Neuigkeiten" count, the role's
tools), the CSRF tokens, messages, the watch button, the note about one's own waiting proposal,
and one's own comments ("Bearbeiten"/"Löschen" instead of "Melden", links to one's proposals).

How:

- ``shared_page_cache(view)`` looks a signed-in GET up under (content generation, role, path).
  The *role* is the person's set of permissions (hashed), so whatever depends on a right
  (hidden comments and moderation tools for Moderation, "Bearbeiten" for Redaktion) is part
  of the key, and nothing else about the person is.
- On a miss the view runs in *shared mode*: ``request.user`` is a ``RoleStandIn``, signed in
  with the person's rights but nobody (no id, no name), so the view cannot put anything
  personal into the page even by mistake. Every personal place is written as a *slot*
  instead: ``personal(request, name, **args)`` (the template tag ``{% personal %}``), the CSRF
  token, and ``mine(owner_id, mine_html, others_html)`` for a piece that differs for its
  author. The page is stored as a ``Fragment``: its HTML cut at the slots.
- Every request *applies* the fragment: the slots are filled for this person by their
  renderers. The renderers are the same functions that fill those places when a page is
  rendered without this cache (``personal`` calls them at once then), so both ways give the
  same page, by construction rather than by care.
- Invalidation is the page cache's: the generation moves on with every write any page shows
  (``content_changed``), and ``pages_purge`` deletes fragments with the pages (same key prefix).
- A fragment may say it is wrong for some people (``bypass_for``: a comment held for moderation
  is shown to its author only); they get the page rendered for them alone.
- A page served from its shared page reads the cache twice and the database never: the session,
  then in one round trip the person's row, rights and second-factor answer (accounts.backends)
  with the content generation and every slot's keys (``register_slot(reads=…)``). The slots
  write their HTML in Python: a template render cost more than all the rest of the request.
  A page rendered now (a miss) uses those values too: the view ran as nobody, so it cannot
  have changed them.

Fragments are kept like anonymous pages: in the shared cache and, for a minute, in the process.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kochbuch import pagecache

FRAGMENT_KEY_PREFIX = pagecache.PAGE_KEY_PREFIX  # + generation + ":r" + role + ":f" + format + ":" + path hash
FRAGMENT_TTL = pagecache.PAGE_TTL
LOCAL_MAX_BYTES = 4 * 1024 * 1024  # per process, beside the anonymous pages' 6 MB (worker memory)
_BUILDER_ATTRIBUTE = "_kochbuch_fragment"
# The stored Fragment's shape: a new one after a deployment that changes it, so no process
# reads a fragment pickled by older code from Redis.
FORMAT = 3


# --- Slots and their renderers -------------------------------------------------------------

_renderers = {}
_reads = {}
_PREFETCHED_ATTRIBUTE = "_kochbuch_prefetched"


def register_slot(name: str, renderer, *, reads=None) -> None:
    """``renderer(request, **args)`` returns the safe HTML of the personal place ``name``.

    Apps register theirs in AppConfig.ready(); it runs with the real person, on every request
    (so it must be cheap: a cache read). ``reads(user_id)`` lists the cache keys the renderer
    reads for that person: a request served from a shared page fetches them together with the
    content generation, in one round trip, and the renderer finds them with ``prefetched``.
    """
    _renderers[name] = renderer
    if reads is not None:
        _reads[name] = reads


def prefetched(request) -> dict:
    """Cache keys → values read with the person's row at the start of this request, while a
    shared page is applied (empty otherwise). A key that is absent, or None, was not found:
    read it from the cache as usual."""
    return getattr(request, _PREFETCHED_ATTRIBUTE, None) or {}


def render_slot(request, name, args) -> str:
    return _renderers[name](request, **dict(args))


def builder(request):
    """The page being rendered in shared mode, or None (anonymous, or rendered for one person)."""
    return getattr(request, _BUILDER_ATTRIBUTE, None)


def personal(request, name: str, **args) -> SafeString:
    """The personal place ``name``: filled now, or a slot when the page is shared."""
    if request is None:  # a page rendered for nobody (the 503 page, without the database)
        return SafeString("")
    shared = builder(request)
    if shared is not None:
        return shared.slot(("slot", name, tuple(sorted(args.items()))))
    return mark_safe(render_slot(request, name, args))  # nosec B308 B703 (renderers return escaped HTML)


class _Builder:
    """Collects the slots of one shared render; markers are unguessable, so no user text can
    pose as one."""

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.slots = []
        self.bypass = set()
        self.csrf_token = self.slot(("csrf",))  # {% csrf_token %} writes it into the value

    def slot(self, descriptor) -> SafeString:
        self.slots.append(descriptor)
        # Letters and digits only: escaping leaves it as it is (in attributes too).
        return SafeString(f"kbslot{self.token}n{len(self.slots) - 1}x")  # nosec B703 (hex and digits)

    def mine(self, owner_id, mine_html: str, others_html: str) -> SafeString:
        """A piece that the person ``owner_id`` sees as ``mine_html`` and everyone else as
        ``others_html`` (both already escaped)."""
        if owner_id is None:
            return SafeString(others_html)  # nosec B703 (escaped by the caller, as documented)
        return self.slot(("mine", owner_id, str(mine_html), str(others_html)))

    def bypass_for(self, user_ids) -> None:
        self.bypass.update(pk for pk in user_ids if pk is not None)

    def finish(self, status, headers, html: str) -> "Fragment":
        """Cut the page at its slots into a flat list of strings: what everyone but an owner
        sees, with an empty place for each slot. Each owner's own pieces are kept by their
        place in that list (a page with 200 comments has some 400 of them, and a reader
        usually owns none), so applying the fragment is a list copy and a join, not a walk."""
        # str.split, not re.split: every render has a token of its own, and each pattern would
        # take one of the 512 places of re's cache, pushing out the patterns code reuses.
        first, *after_markers = html.split(f"kbslot{self.token}n")
        pieces, slots, mine = [first], [], {}
        for after in after_markers:
            number, _x, text = after.partition("x")  # the marker ends "n<number>x"
            slot = self.slots[int(number)]
            if slot[0] == "mine":
                _kind, owner, mine_html, others_html = slot
                mine.setdefault(owner, []).append((len(pieces), mine_html))
                pieces.append(others_html)
            else:
                slots.append((len(pieces), slot))
                pieces.append("")
            pieces.append(text)
        size = sum(map(len, pieces)) + sum(len(html) for own in mine.values() for _index, html in own)
        return Fragment(status=status, headers=headers, pieces=pieces, slots=slots, mine=mine,
                        bypass=frozenset(self.bypass), size=size)


@dataclass
class Fragment:
    status: int
    headers: list
    pieces: list  # str: the page as everyone but an owner sees it, "" where a slot goes
    slots: list  # (place in pieces, slot): ("csrf",) or ("slot", name, args)
    mine: dict = field(default_factory=dict)  # owner id -> [(place in pieces, the owner's html)]
    bypass: frozenset = field(default_factory=frozenset)
    size: int = 0

    def apply(self, request) -> str | None:
        """The page for the person of ``request``; None when the shared page is wrong for them."""
        viewer = request.user.pk
        if viewer in self.bypass:
            return None
        out, token = list(self.pieces), None
        for index, html in self.mine.get(viewer, ()):
            out[index] = html
        for index, slot in self.slots:
            if slot[0] == "csrf":
                token = token or get_token(request)
                out[index] = token
            else:
                out[index] = render_slot(request, slot[1], slot[2])
        return "".join(out)


# --- The role -------------------------------------------------------------------------------

def role_key(user) -> str:
    """What the shared page of ``user`` depends on: their rights, nothing else."""
    key = getattr(user, "_kochbuch_role_key", None)
    if key is None:
        rights = sorted(user.get_all_permissions())
        flags = f"{int(user.is_superuser)}{int(user.is_staff)}"
        key = hashlib.sha256(f"{flags}|{'|'.join(rights)}".encode()).hexdigest()[:20]
        user._kochbuch_role_key = key
    return key


class RoleStandIn:
    """The reader as a shared render sees them: signed in, with their rights, but nobody.

    It has no id, name or e-mail address, so nothing personal can reach the shared page (code
    that asks for a person's own things gets None, or fails loudly in tests).
    """

    pk = id = None
    is_authenticated = True
    is_anonymous = False
    is_active = True

    def __init__(self, user):
        self.is_superuser = user.is_superuser
        self.is_staff = user.is_staff
        self._rights = frozenset(user.get_all_permissions())
        self._kochbuch_role_key = role_key(user)

    def get_all_permissions(self, obj=None):
        return set(self._rights) if obj is None else set()

    def has_perm(self, permission, obj=None):
        return obj is None and (self.is_superuser or permission in self._rights)

    def has_perms(self, permissions, obj=None):
        return all(self.has_perm(permission, obj) for permission in permissions)

    def has_module_perms(self, app_label):
        return self.is_superuser or any(right.startswith(f"{app_label}.") for right in self._rights)

    def __str__(self):
        return ""


# --- The view decorator ---------------------------------------------------------------------

_local = pagecache.local_store(LOCAL_MAX_BYTES, size=lambda fragment: fragment.size)


def _key(generation, request, max_age) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"{generation}:r{role_key(request.user)}:f{FORMAT}:{path}"
    if max_age:  # a page that ages (e.g. "vor 5 Minuten"): a new one every max_age seconds
        key += f":t{int(time.time() // max_age)}"
    return key


def _render_shared(view, request, args, kwargs) -> Fragment | None:
    """The view's page for the person's role, with slots; None when it is no shareable page."""
    shared, person = _Builder(), request.user
    setattr(request, _BUILDER_ATTRIBUTE, shared)
    request.user = RoleStandIn(person)
    try:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response.render()
    finally:
        request.user = person
        delattr(request, _BUILDER_ATTRIBUTE)
    if (response.status_code != 200 or getattr(response, "streaming", False) or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")):
        return None
    return shared.finish(response.status_code, list(response.items()), response.content.decode())


def shared_page_cache(view=None, *, max_age=None):
    """Serve signed-in GETs of ``view`` from role-shared fragments (see the module docstring).

    Anonymous requests and writes pass through (anonymous pages have ``anonymous_page_cache``).
    ``max_age`` (seconds) is for pages that show how old something is ("vor 5 Minuten"): their
    shared page is rendered anew at least that often, even when no content changed.
    """
    if view is None:  # @shared_page_cache(max_age=…)
        return lambda view: shared_page_cache(view, max_age=max_age)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        response = _shared_or_own(view, request, args, kwargs, max_age)
        patch_cache_control(response, private=True)  # personal: no proxy may keep it
        return response

    return wrapper


READ_WITH_USER = "_kochbuch_read_with_user"


def reader_keys(user_id) -> list:
    """The content generation and every slot's cache keys for this person: what a page served
    from a shared page reads. accounts.backends reads them with the person's row (one round
    trip for both) and leaves them on the user as ``READ_WITH_USER``."""
    keys = {pagecache.GENERATION_KEY}
    for reads in _reads.values():
        keys.update(reads(user_id))
    return list(keys)


def _prefetch(request):
    """The generation and the slots' values, read with the person's row (accounts.backends)
    unless the request has no cached user; the slots use them when the shared page is applied,
    whether it came from a cache or was rendered now (as nobody: see ``_shared_or_own``)."""
    found = getattr(request.user, READ_WITH_USER, None)
    if found is None:
        found = cache.get_many(reader_keys(request.user.pk))
    return pagecache.generation(found), found


def _shared_or_own(view, request, args, kwargs, max_age=None):
    generation, found = _prefetch(request)
    if generation is None:  # the cache is unreachable (kochbuch/cache.py): render for the person
        return view(request, *args, **kwargs)
    key = _key(generation, request, max_age)
    fragment = _local.get(generation, key)
    if fragment is None:
        fragment = cache.get(FRAGMENT_KEY_PREFIX + key)
        if fragment is None:
            pagecache.seen_by(request, generation)
            fragment = _render_shared(view, request, args, kwargs)
            if fragment is None:  # a redirect or an error: answer as the view does for the person
                return view(request, *args, **kwargs)
            cache.set(FRAGMENT_KEY_PREFIX + key, fragment, min(FRAGMENT_TTL, 2 * max_age) if max_age else FRAGMENT_TTL)
            # What was read with the user stays valid: the view ran for the role, as nobody
            # (RoleStandIn has no id), so it cannot have changed this person's slot values
            # (unread count, watch state). Reading them again cost a round trip per render.
        else:  # asked for again: now worth a place in the process (see pagecache's wrapper)
            _local.put(generation, key, fragment)
    setattr(request, _PREFETCHED_ATTRIBUTE, found)
    try:
        html = fragment.apply(request)
    finally:
        delattr(request, _PREFETCHED_ATTRIBUTE)
    if html is None:  # the shared page is wrong for this person (bypass_for)
        return view(request, *args, **kwargs)
    return HttpResponse(html, status=fragment.status, headers=dict(fragment.headers))


def reading_page_cache(view):
    """Both caches: whole pages for anonymous readers, shared fragments for signed-in ones."""
    return pagecache.anonymous_page_cache(shared_page_cache(view))


# --- The header's personal places, filled on every page (templates/_personal_nav.html) -------

def _profile_link(request):
    """The reader's name in the header, linking to their profile."""
    user = request.user
    return format_html('<a href="{}">{}</a>', reverse("profile", args=[user.pk]), user.public_name)


def _messages(request):
    if not len(get_messages(request)):  # the usual case: no template to render
        return ""
    return render_to_string("_messages.html", request=request)


register_slot("profile_link", _profile_link)
register_slot("messages", _messages)
