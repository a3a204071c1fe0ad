"""Permissions from the cache: every signed-in page asks "may this person …?", so the two
permission queries per request are saved by caching each user's permission set.

Role changes (``accounts.roles.role_grant``/``role_revoke``, the admin) forget the cached set.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

PERMISSIONS_TTL = 300  # seconds; a safety net, invalidation is explicit


def permissions_cache_key(user_id):
    return f"perms:{user_id}"


def forget_permissions(user_id):
    cache.delete(permissions_cache_key(user_id))


class CachedPermissionsBackend(ModelBackend):
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
