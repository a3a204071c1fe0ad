"""Limits on signing in that slow an attacker without locking the owner out (issue 11).

Failed password checks are counted twice, each with a back-off: per address the request comes
from, and per account (the e-mail address typed in, whether an account has it or not, so the
answer tells nobody which addresses exist). The first failures are free; after them every
failure doubles a wait (up to a maximum) during which the password form answers 429 for that
address or account, *without checking the password*: an attacker gets one guess per wait.

An account's back-off must not shut out its owner, so it leaves two ways open:

* the sign-in code by e-mail (allauth's "login by code"): whoever reads the mailbox is the
  owner; allauth limits those requests itself;
* password and authenticator code in one form (``accounts.views.signin_second_factor``): it
  answers "signed in" only when both are right, so it tells an attacker nothing about the
  password alone; it has its own, separate back-off per account.

The per-address back-off applies to every form (its free allowance is large: offices share an
address). A successful sign-in ends the account's back-off, never the address's: otherwise an
attacker could clear their address by signing in to an account of their own.
"""

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Backoff:
    """``free`` failures cost nothing; the n-th failure after them makes the key wait
    ``base · 2^(n-1)`` seconds, at most ``maximum``. Failures are forgotten ``memory`` seconds
    after the last one."""

    name: str
    free: int
    base: int
    maximum: int

    @property
    def memory(self) -> int:
        return max(3600, 4 * self.maximum)

    def _keys(self, key):
        digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
        return f"signin:{self.name}:{digest}:count", f"signin:{self.name}:{digest}:last"

    def wait(self, key: str, *, now: float | None = None) -> int:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.time() if now is None else now
        count_key, last_key = self._keys(key)
        found = cache.get_many([count_key, last_key])
        over = found.get(count_key, 0) - self.free
        if over <= 0 or last_key not in found:
            return 0
        delay = min(self.maximum, self.base * 2 ** (over - 1))
        return max(0, int(found[last_key] + delay - now + 0.999))

    def fail(self, key: str, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        count_key, last_key = self._keys(key)
        cache.add(count_key, 0, timeout=self.memory)
        try:
            cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=self.memory)
        cache.touch(count_key, self.memory)
        cache.set(last_key, now, timeout=self.memory)

    def forget(self, key: str) -> None:
        cache.delete_many(list(self._keys(key)))


def _backoff(name, prefix):
    return Backoff(
        name=name,
        free=getattr(settings, f"{prefix}_FREE_FAILURES"),
        base=getattr(settings, f"{prefix}_BACKOFF_SECONDS"),
        maximum=getattr(settings, f"{prefix}_BACKOFF_MAX_SECONDS"),
    )


def by_address():
    return _backoff("ip", "SIGNIN_IP")


def by_account():
    return _backoff("account", "SIGNIN_ACCOUNT")


def by_account_with_second_factor():
    return _backoff("account-2fa", "SIGNIN_SECOND_FACTOR")


def client_address(request) -> str:
    """The reader's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy)."""
    return get_adapter(request).get_client_ip(request)


def signin_wait(request, email: str, *, account=None) -> int:
    """Seconds this request has to wait before a password may be checked (0: go ahead)."""
    account = account or by_account()
    return max(by_address().wait(client_address(request)), account.wait(email or ""))


def signin_failed(request, email: str, *, account=None) -> None:
    by_address().fail(client_address(request))
    (account or by_account()).fail(email or "")


def signin_succeeded(emails) -> None:
    for email in emails:
        by_account().forget(email)
        by_account_with_second_factor().forget(email)
