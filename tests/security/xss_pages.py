"""Fetching pages as a user would and checking each one with ``html_safety`` (test helper).

A ``PageCheck`` collects what it finds instead of failing on the first page, so one run of the
XSS tests reports every leak with the address it was found on.
"""

from django.conf import settings
from django.test import Client

from tests.security.html_safety import atom_findings, executable_markup, parse, visible_text


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class PageCheck:
    def __init__(self):
        self.problems = []
        self.pages = 0

    def html(self, where: str, html: str, *, shows=()):
        """Check one page; each text in ``shows`` must appear on it literally, as text."""
        self.pages += 1
        root = parse(html)
        self.problems += [f"{where}: {finding}" for finding in executable_markup(root)]
        text = visible_text(root)
        for value in shows:
            if "".join(value.split()) not in text:
                self.problems.append(f"{where}: nicht wörtlich als Text zu sehen: {value[:120]!r}")
        if settings.SECRET_KEY in html:
            self.problems.append(f"{where}: enthält den SECRET_KEY")

    def get(self, client: Client, url: str, *, shows=()):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        self.html(url, response.content.decode(), shows=shows)
        return response

    def post(self, client: Client, url: str, data: dict, *, expect=302, shows=()):
        """POST a form; a page shown in answer (a preview, a form again) is checked too."""
        response = client.post(url, data)
        assert response.status_code == expect, f"POST {url}: {response.status_code}"
        if response.status_code == 200:
            self.html(f"POST {url}", response.content.decode(), shows=shows)
        return response

    def feed(self, client: Client, url: str):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        self.pages += 1
        self.problems += [f"{url}: {finding}" for finding in atom_findings(response.content)]
        return response

    def assert_clean(self, *, at_least: int):
        assert self.pages >= at_least, f"nur {self.pages} Seiten geprüft"
        assert not self.problems, f"{len(self.problems)} Funde:\n" + "\n".join(self.problems[:80])
