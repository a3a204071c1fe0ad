"""The signed-in person from the cache: every signed-in page loads its user and asks "may this
person …?", so the user's row and permission set are cached, and read in one round trip together
with the second-factor answer (accounts.middleware) and what a page served from its role's shared
page reads (kochbuch/fragments.py: the content generation, the slots' values). Such a page then
costs two cache reads (the session, then this one) and no SQL.

The cached row leaves the password out (Redis holds no password hashes): the user comes back
with the password *deferred*, so a ``save()`` writes every field but the password, and reading
the password loads it from the database. Django's session check compares the session's hash
with ``get_session_auth_hash()``, which for such a user is the HMAC (under SECRET_KEY, whose
fingerprint is part of the key) computed from the real password when the row was cached
(accounts.models.User).

Every save or delete of a user forgets the row, now and after commit (accounts.signals); role
changes (``accounts.roles.role_grant``/``role_revoke``, the admin) forget the cached set.
"""

import hashlib
from functools import cache as once

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import router, transaction

from kochbuch import fragments

PERMISSIONS_TTL = 300  # seconds; a safety net, invalidation is explicit
USER_TTL = 300  # seconds; a safety net, invalidation is explicit
_SESSION_HASH = "_session_auth_hash"  # the cached row's field for it


def second_factor_cache_key(user_id):
    """The cached answer to "has this person a second factor?" (accounts.middleware)."""
    return f"second-factor:{user_id}"


# That answer, read with the user's row and used once, by accounts.middleware, before anything
# in the request could change it.
PREFETCHED_SECOND_FACTOR = "_prefetched_second_factor"


def permissions_cache_key(user_id):
    return f"perms:{user_id}"


def forget_permissions(user_id):
    cache.delete(permissions_cache_key(user_id))


@once
def _secret_fingerprint():
    return hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:12]


def user_cache_key(user_id):
    """Per SECRET_KEY: after a new key, the session hashes cached under the old one are not read."""
    return f"user:{_secret_fingerprint()}:{user_id}"


def forget_user(user_id):
    """Drop the cached row now and again after commit (a request in between may have put the
    old row back)."""
    key = user_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _record(user) -> dict:
    """What is cached of a user: every column but the password, and the session hash."""
    record = {field.attname: getattr(user, field.attname) for field in user._meta.concrete_fields
              if field.attname != "password"}
    record[_SESSION_HASH] = user.get_session_auth_hash()
    return record


def _user_from(model, record):
    names = [name for name in record if name != _SESSION_HASH]
    user = model.from_db(router.db_for_read(model), names, [record[name] for name in names])
    user._cached_session_auth_hash = record[_SESSION_HASH]
    return user


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        keys = [user_cache_key(user_id), permissions_cache_key(user_id), second_factor_cache_key(user_id)]
        found = cache.get_many(keys + fragments.reader_keys(user_id))
        record = found.get(keys[0])
        if record is None:
            user = super().get_user(user_id)  # None when there is none or it may not sign in
            if user is None:
                return None
            cache.set(keys[0], _record(user), USER_TTL)
        else:
            user = _user_from(self._user_model(), record)
            if not self.user_can_authenticate(user):
                return None
        if found.get(keys[1]) is not None:
            user._perm_cache = found[keys[1]]
        if found.get(keys[2]) is not None:
            setattr(user, PREFETCHED_SECOND_FACTOR, found[keys[2]])
        setattr(user, fragments.READ_WITH_USER, found)  # for a page from its role's shared page
        return user

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            key = permissions_cache_key(user_obj.pk)
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, PERMISSIONS_TTL)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
