"""Error pages that Django would otherwise answer in English."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: mostly an old open tab or blocked cookies.

    Django's own page is English and meant for developers; readers need to know what to do.
    """
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    """German 404 in the site's layout, with the address's last word already in the search box.

    An old link such as /rezepte/kuche-einrichten/ most likely wants the recipe now found
    under another address: searching for "kuche einrichten" is the quickest way there.
    """
    last_part = request.path.rstrip("/").rsplit("/", 1)[-1]
    hint = "" if last_part.replace(".", "").isdigit() else last_part.replace("-", " ")[:80]
    return render(request, "404.html", {"search_hint": hint}, status=404)
