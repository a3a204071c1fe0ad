"""Error pages that Django would otherwise answer in English."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: mostly an old open tab or blocked cookies.

    Django's own page is English and meant for developers; readers need to know what to do.
    """
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
