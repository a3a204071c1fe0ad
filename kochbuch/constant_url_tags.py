"""The builtin ``{% url %}`` replaced by ``kochbuch.constant_tags``'s (constant addresses
reversed once); a module of its own because a template builtin is a module's ``register``."""

from kochbuch.constant_tags import url_register as register

__all__ = ["register"]
