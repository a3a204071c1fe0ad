"""Every URL × every role × GET and POST gives the expected answer (issue 7).

The matrix below is the contract: for each URL name the arguments it is called with (paths
into the test world of ``tests.security.access``) and what each role gets, in the column
order anonym · unbestätigt · Mitwirkende · Moderation · Redaktion:

    200, 202, 400, 404, 405 …  that status code
    302                        a redirect somewhere other than a sign-in page
    login                      the redirect to /konto/login/?next=…
    admin                      the redirect to the admin's sign-in page (nobody here is is_staff)

A leading "+" marks an answer that may write to the database (the role is allowed to act and
the empty POST was enough, or a reader's request legitimately queues a print build). Every
other request must not send a single INSERT, UPDATE or DELETE (sessions aside): that is what
proves a refused role could not write. The POSTs carry no data; a form error (400 or 200) only
appears for roles that may act. Each request runs in its own savepoint that is rolled back, so
one role's write does not change what the next role sees. A URL without a name is listed by
its route; the admin's per-model URLs are generated (``admin_model_rows``).

A meta-test fails when the site has a URL pattern that the matrix does not cover: a new view
must be added here, with its answers thought through.
"""

import re
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.middleware import ALLOWED_PREFIXES as SECOND_FACTOR_EXEMPT
from tests.security.access import (
    MODERATOR,
    REDAKTEURIN,
    ROLES,
    WrittenTables,
    build_world,
    client_for,
    outcome,
)

pytestmark = pytest.mark.django_db

# fmt: off
# What each role gets. The Mitwirkende (Mia) wrote own_comment and own_proposal; the others are
# Omar's, another Mitwirkende's. See tests.security.access.build_world for the whole world.
#                                              GET                              POST
#                                              anon  unbe  Mitw  Mod   Red      anon  unbe  Mitw  Mod   Red
MATRIX = {
    # --- Reading the book --------------------------------------------------------------------
    "book":                                  ("200   200   200   200   200",   "200   200   200   200   200"),
    "chapter_detail":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_detail":                         ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_by_number":                      ("302   302   302   302   302",   "302   302   302   302   302"),
    "tag_detail":                            ("200   200   200   200   200",   "200   200   200   200   200"),
    "chapter_history":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "chapter_version":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "chapter_compare":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_history":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_version":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_compare":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_authorship":                     ("200   200   200   200   200",   "405   405   405   405   405"),
    "recipe_version_authorship":             ("200   200   200   200   200",   "405   405   405   405   405"),
    "review_create":                         ("login 403   403   200   200",   "login 403   403   +302  +302"),
    "review_dashboard":                      ("login 403   403   403   200",   "login 403   403   403   200"),
    "watched":                               ("login 200   200   200   200",   "login 200   200   200   200"),
    "unwatch":                               ("405   405   405   405   405",     "login 404   404   404   404"),
    "news":                                  ("login 200   200   200   200",   "login 200   200   200   200"),
    "news_mark_read":                        ("405   405   405   405   405",     "login +302  +302  +302  +302"),
    "inbox_preferences":                     ("login 200   200   200   200",   "login +302  +302  +302  +302"),
    "recent_changes":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "recent_changes_feed":                   ("200   200   200   200   200",   "200   200   200   200   200"),
    "chapter_changes_feed":                  ("200   200   200   200   200",   "200   200   200   200   200"),
    "search":                                ("200   200   200   200   200",   "200   200   200   200   200"),
    "accessibility":                         ("200   200   200   200   200",   "405   405   405   405   405"),
    "privacy":                               ("200   200   200   200   200",   "405   405   405   405   405"),
    "imprint":                               ("200   200   200   200   200",   "405   405   405   405   405"),
    # --- Writing the book --------------------------------------------------------------------
    "recipe_edit":                           ("login 403   403   200   200",   "login 403   403   200   200"),
    "recipe_revert":                         ("405   405   405   405   405",   "403   403   403   +302  +302"),
    "recipe_watch":                          ("login 405   405   405   405",   "login 403   +302  +302  +302"),
    "chapter_watch":                         ("login 405   405   405   405",   "login 403   +302  +302  +302"),
    # --- Proposals ---------------------------------------------------------------------------
    "proposal_create":                       ("login 403   200   200   200",   "login 403   200   200   200"),
    "proposal_create_recipe":                ("login 403   200   200   200",   "login 403   200   200   200"),
    "proposal_new_recipe":                   ("login 302   302   302   302",   "login 302   302   302   302"),
    "proposal_mine":                         ("login 200   200   200   200",   "login 200   200   200   200"),
    "proposal_queue":                        ("login 403   403   200   200",   "login 403   403   200   200"),
    "proposal_bulk":                         ("login 405   405   405   405",   "login 403   403   400   400"),
    "proposal_detail":                       ("login 404   200   200   200",   "login 404   200   200   200"),
    "proposal_revise":                       ("login 404   200   403   403",   "login 404   200   403   403"),
    "proposal_withdraw":                     ("login 405   405   405   405",   "login 404   +302  403   403"),
    "proposal_review":                       ("login 403   403   200   200",   "login 403   403   400   400"),
    "proposal_review_edit":                  ("login 403   403   200   200",   "login 403   403   200   200"),
    # --- Comments ----------------------------------------------------------------------------
    "comments_recent":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "comments_feed":                         ("200   200   200   200   200",   "200   200   200   200   200"),
    "comment_create_recipe":                 ("login 403   302   302   302",   "login 403   400   400   400"),
    "comment_create_chapter":                ("login 403   302   302   302",   "login 403   400   400   400"),
    "comment_detail":                        ("302   302   302   302   302",   "302   302   302   302   302"),
    "comment_reply":                         ("login 403   200   200   200",   "login 403   400   400   400"),
    "comment_edit":                          ("login 403   200   403   403",   "login 403   400   403   403"),
    "comment_delete":                        ("login 403   200   403   403",   "login 403   +302  403   403"),
    "comment_report":                        ("login 403   200   200   200",   "login 403   400   400   400"),
    "comment_history":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    # --- Moderation --------------------------------------------------------------------------
    "moderation_queue":                      ("login 403   403   200   200",   "login 403   403   200   200"),
    "comment_hide":                          ("login 403   403   200   200",   "login 403   403   400   400"),
    "comment_restore":                       ("login 403   403   200   200",   "login 403   403   400   400"),
    "comment_approve":                       ("login 403   403   200   200",   "login 403   403   400   400"),
    "thread_resolve":                        ("login 403   403   200   200",   "login 403   403   400   400"),
    "thread_reopen":                         ("login 403   403   200   200",   "login 403   403   400   400"),
    "report_dismiss":                        ("login 403   403   302   302",   "login 403   403   +302  +302"),
    # --- Nachgekocht: Erfahrungsberichte, the map, the register (practice/, kommunen/) ---------
    "practice_overview":                     ("200   200   200   200   200",   "200   200   200   200   200"),
    "practice_feed":                         ("200   200   200   200   200",   "200   200   200   200   200"),
    "practice_report":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "practice_report_create":                ("login 403   200   200   200",   "login 403   400   400   400"),
    "practice_report_edit":                  ("login 403   200   200   200",   "login 403   400   400   400"),
    "practice_report_flag":                  ("login 403   200   200   200",   "login 403   400   400   400"),
    "practice_report_moderate":              ("login 403   403   200   200",   "login 403   403   400   400"),
    "practice_flag_dismiss":                 ("login 403   403   302   302",   "login 403   403   +302  +302"),
    "practice_moderation":                   ("login 403   403   200   200",   "login 403   403   200   200"),
    "practice_reports_download":             ("200   200   200   200   200",   "200   200   200   200   200"),
    "kommune_search":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "kommune_detail":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "kommunen_download":                     ("200   200   200   200   200",   "200   200   200   200   200"),
    "profile_kommune":                       ("login 200   200   200   200",   "login 400   400   400   400"),
    # --- Editions and imports ----------------------------------------------------------------
    "edition_list":                          ("200   200   200   200   200",   "200   200   200   200   200"),
    "edition_publish":                       ("login 403   403   403   200",   "login 403   403   403   200"),
    "edition_compare_pick":                  ("302   302   302   302   302",   "302   302   302   302   302"),
    "edition_detail":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "edition_chapter":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "edition_recipe":                        ("200   200   200   200   200",   "200   200   200   200   200"),
    "edition_compare":                       ("200   200   200   200   200",   "200   200   200   200   200"),
    "edition_pdf":                           ("+202  +202  +202  +202  +202",  "+202  +202  +202  +202  +202"),
    "edition_zip":                           ("200   200   200   200   200",   "200   200   200   200   200"),
    "current_pdf":                           ("+202  +202  +202  +202  +202",  "+202  +202  +202  +202  +202"),
    "current_zip":                           ("200   200   200   200   200",   "200   200   200   200   200"),
    "recipe_pdf":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "import_start":                          ("login 403   403   403   200",   "login 403   403   403   200"),
    "import_detail":                         ("login 403   403   403   200",   "login 403   403   403   200"),
    "import_confirm":                        ("login 405   405   405   405",   "login 403   403   403   +302"),
    # --- People ------------------------------------------------------------------------------
    "profile":                               ("200   200   200   200   200",   "200   200   200   200   200"),
    "profile_edit":                          ("login 200   200   200   200",   "login 200   200   200   200"),
    "account_data":                          ("login 200   200   200   200",   "login 200   200   200   200"),
    "account_delete":                        ("login 200   200   200   200",   "login 200   200   302   302"),
    # --- Accounts (django-allauth under /konto/) ---------------------------------------------
    "account_login":                         ("200   302   302   302   302",   "200   302   302   302   302"),
    "account_logout":                        ("302   200   200   200   200",   "302   302   302   302   302"),
    "account_inactive":                      ("200   200   200   200   200",   "405   405   405   405   405"),
    "account_signup":                        ("200   302   302   302   302",   "200   302   302   302   302"),
    "account_reauthenticate":                ("login 200   200   302   302",   "login 200   200   302   302"),  # with a second factor: its code
    "account_email":                         ("login 200   200   200   200",   "login 302   302   302   302"),
    "account_email_verification_sent":       ("200   200   200   200   200",   "405   405   405   405   405"),
    "account_change_password":               ("login 200   200   200   200",   "login 200   200   302   302"),
    "account_set_password":                  ("login 302   302   302   302",   "login 302   302   302   302"),
    "account_reset_password":                ("200   200   200   200   200",   "200   200   200   200   200"),
    "account_reset_password_done":           ("200   200   200   200   200",   "405   405   405   405   405"),
    "account_request_login_code":            ("200   302   302   302   302",   "200   302   302   302   302"),
    "signin_second_factor":                  ("200   302   302   302   302",   "200   302   302   302   302"),
    "account_confirm_login_code":            ("login 302   302   302   302",   "login 302   302   302   302"),
    "account_confirm_email":                 ("200   200   200   200   200",   "404   404   404   404   404"),
    "account_reset_password_from_key":       ("200   200   200   200   200",   "200   200   200   200   200"),
    "account_reset_password_from_key_done":  ("200   200   200   200   200",   "405   405   405   405   405"),
    "mfa_index":                             ("login 200   200   200   200",   "login 405   405   405   405"),
    "mfa_authenticate":                      ("login 302   302   302   302",   "login 302   302   302   302"),
    "mfa_reauthenticate":                    ("login 302   302   200   200",   "login 302   302   200   200"),
    "mfa_activate_totp":                     ("login 302   302   302   302",   "login 302   302   302   302"),
    "mfa_deactivate_totp":                   ("login 404   404   302   302",   "login 404   404   302   302"),
    "mfa_view_recovery_codes":               ("login 404   404   404   404",   "login 405   405   405   405"),
    "mfa_generate_recovery_codes":           ("login 302   302   302   302",   "login 302   302   302   302"),
    "mfa_download_recovery_codes":           ("login 404   404   404   404",   "login 404   404   404   404"),
    # --- The JSON API and open data (issue 15): reads for all, writes only with a token ---------
    "api:root":                              ("302   302   302   302   302",   "405   405   405   405   405"),
    "api:book":                              ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:chapters":                          ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:chapter":                           ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:chapter_comments":                  ("200   200   200   200   200",   "401   401   401   401   401"),
    "api:recipes":                           ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:recipe_by_number":                  ("302   302   302   302   302",   "405   405   405   405   405"),
    "api:recipe":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:recipe_versions":                   ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:recipe_version":                    ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:recipe_diff":                       ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:recipe_comments":                   ("200   200   200   200   200",   "401   401   401   401   401"),
    "api:recipe_proposals":                  ("405   405   405   405   405",   "401   401   401   401   401"),
    "api:editions":                          ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:edition":                           ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:edition_recipe":                    ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:search":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:reports":                           ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:report":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:kommunen":                          ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:kommune":                           ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:dump":                              ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:dump_zip":                          ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:schema":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:docs":                              ("200   200   200   200   200",   "405   405   405   405   405"),
    "api:not_found":                         ("404   404   404   404   404",   "404   404   404   404   404"),
    "api_tokens":                            ("login 200   200   200   200",   "login 400   400   400   400"),
    "api_token_revoke":                      ("login 405   405   405   405",   "login 404   +302  404   404"),
    "robots_txt":                            ("200   200   200   200   200",   "405   405   405   405   405"),
    "sitemap":                               ("200   200   200   200   200",   "405   405   405   405   405"),
    # --- The admin (/verwaltung/): only for is_staff, which no role grants ------------------
    "admin:index":                           ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:login":                           ("200   200   200   200   200",   "200   200   200   200   200"),
    "admin:logout":                          ("302   302   302   302   302",   "302   302   302   302   302"),
    "admin:password_change":                 ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:password_change_done":            ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:autocomplete":                    ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:jsi18n":                          ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:view_on_site":                    ("admin admin admin admin admin", "admin admin admin admin admin"),
    "admin:app_list":                        ("admin admin admin admin admin", "admin admin admin admin admin"),
    "verwaltung/(?P<url>.*)$":               ("admin admin admin admin admin", "admin admin admin admin admin"),
}

# The arguments of the URLs above that take any: paths into the test world
# (tests.security.access.World); "=text" is the text itself, "?name" a query parameter.
ARGUMENTS = {
    "chapter_detail":                  {"slug": "chapter.slug"},
    "recipe_detail":                   {"slug": "recipe.slug"},
    "recipe_pdf":                      {"slug": "recipe.slug"},
    "recipe_by_number":                {"number": "recipe.number"},
    "tag_detail":                      {"kind": "tag.kind", "slug": "tag.slug"},
    "chapter_history":                 {"slug": "chapter.slug"},
    "chapter_version":                 {"slug": "chapter.slug", "version_id": "chapter_version"},
    "chapter_compare":                 {"slug": "chapter.slug"},
    "recipe_history":                  {"slug": "recipe.slug"},
    "recipe_version":                  {"slug": "recipe.slug", "version_id": "recipe_version"},
    "recipe_compare":                  {"slug": "recipe.slug"},
    "recipe_authorship":               {"slug": "recipe.slug"},
    "recipe_version_authorship":       {"slug": "recipe.slug", "version_id": "recipe_version"},
    "review_create":                   {"slug": "recipe.slug"},
    "unwatch":                         {"pk": "own_comment.pk"},  # nobody's watch: 404 (own ones: tests/inbox)
    "chapter_changes_feed":            {"slug": "chapter.slug"},
    "recipe_edit":                     {"slug": "recipe.slug"},
    "recipe_revert":                   {"slug": "recipe.slug", "version_id": "recipe_version"},
    "recipe_watch":                    {"slug": "recipe.slug"},
    "chapter_watch":                   {"slug": "chapter.slug"},
    "proposal_create":                 {"slug": "other_recipe.slug"},
    "proposal_create_recipe":          {"slug": "chapter.slug"},
    "proposal_new_recipe":             {"?kapitel": "chapter.slug"},
    "proposal_detail":                 {"pk": "own_proposal.pk"},
    "proposal_revise":                 {"pk": "own_proposal.pk"},
    "proposal_withdraw":               {"pk": "own_proposal.pk"},
    "proposal_review":                 {"pk": "own_proposal.pk"},
    "proposal_review_edit":            {"pk": "own_proposal.pk"},
    "comment_create_recipe":           {"pk": "recipe.pk"},
    "comment_create_chapter":          {"pk": "chapter.pk"},
    "comment_detail":                  {"pk": "own_comment.pk"},
    "comment_reply":                   {"pk": "others_comment.pk"},
    "comment_edit":                    {"pk": "own_comment.pk"},
    "comment_delete":                  {"pk": "own_comment.pk"},
    "comment_report":                  {"pk": "resolved_thread.pk"},
    "comment_history":                 {"pk": "own_comment.pk"},
    "comment_hide":                    {"pk": "others_comment.pk"},
    "comment_restore":                 {"pk": "hidden_comment.pk"},
    "comment_approve":                 {"pk": "held_comment.pk"},
    "thread_resolve":                  {"pk": "others_comment.pk"},
    "thread_reopen":                   {"pk": "resolved_thread.pk"},
    "report_dismiss":                  {"pk": "report.pk"},
    "practice_report":                 {"pk": "own_practice_report.pk"},
    "practice_report_create":          {"slug": "recipe.slug"},
    "practice_report_edit":            {"pk": "own_practice_report.pk"},
    "practice_report_flag":            {"pk": "others_practice_report.pk"},
    "practice_report_moderate":        {"pk": "others_practice_report.pk", "act": "=ausblenden"},
    "practice_flag_dismiss":           {"pk": "practice_flag.pk"},
    "practice_reports_download":       {"fmt": "=csv"},
    "kommune_detail":                  {"pk": "kommune.pk"},
    "kommunen_download":               {"fmt": "=csv"},
    "edition_detail":                  {"slug": "edition.slug"},
    "edition_chapter":                 {"slug": "edition.slug", "chapter_slug": "chapter.slug"},
    "edition_recipe":                  {"slug": "edition.slug", "recipe_slug": "recipe.slug"},
    "edition_compare":                 {"old_slug": "edition.slug", "new_slug": "=aktuell"},
    "edition_pdf":                     {"slug": "edition.slug", "file_slug": "edition.slug"},
    "edition_zip":                     {"slug": "edition.slug", "file_slug": "edition.slug"},
    "import_detail":                   {"pk": "import_job.pk"},
    "import_confirm":                  {"pk": "import_job.pk"},
    "profile":                         {"pk": "other.pk"},
    "api:chapter":                     {"slug": "chapter.slug"},
    "api:chapter_comments":            {"slug": "chapter.slug"},
    "api:recipe_by_number":            {"number": "recipe.number"},
    "api:recipe":                      {"slug": "recipe.slug"},
    "api:recipe_versions":             {"slug": "recipe.slug"},
    "api:recipe_version":              {"slug": "recipe.slug", "version_id": "recipe_version"},
    "api:recipe_diff":                 {"slug": "recipe.slug"},
    "api:recipe_comments":             {"slug": "recipe.slug"},
    "api:recipe_proposals":            {"slug": "other_recipe.slug"},
    "api:edition":                     {"slug": "edition.slug"},
    "api:edition_recipe":              {"slug": "edition.slug", "recipe_slug": "recipe.slug"},
    "api:report":                      {"report_id": "others_practice_report.pk"},
    "api:kommune":                     {"kommune_id": "kommune.pk"},
    "api:not_found":                   {"url": "=gibt-es-nicht/"},
    "api_token_revoke":                {"pk": "api_token.pk"},
    "account_confirm_email":           {"key": "=falscher-schluessel"},
    "account_reset_password_from_key": {"uidb36": "=1", "key": "=falscher-schluessel"},
    "admin:view_on_site":              {"content_type_id": "=1", "object_id": "=1"},
    "admin:app_list":                  {"app_label": "=recipes"},
    "verwaltung/(?P<url>.*)$":         {"url": "=gibt-es-nicht/"},
}
# fmt: on

# Every model in the admin gets the same URLs from ModelAdmin (and reversion's VersionAdmin);
# all of them sit behind admin_view, so every role is sent to the admin's sign-in page.
ADMIN_MODEL_ROUTES = {
    "": "", "add/": "add/", "<path:object_id>/": "1/", "<path:object_id>/change/": "1/change/",
    "<path:object_id>/delete/": "1/delete/", "<path:object_id>/history/": "1/history/",
    "^recover/$": "recover/", "^recover/(\\d+)/$": "recover/1/",
    "^([^/]+)/history/(\\d+)/$": "1/history/1/", "<id>/password/": "1/password/",
}
ADMIN_MODEL_ANSWER = ("admin admin admin admin admin", "admin admin admin admin admin")


def url_patterns(resolver=None, prefix="", namespace=""):
    """(key, route) of every URL pattern; the key is the (namespaced) name, else the route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


def admin_model_rows():
    """route → (path, GET answers, POST answers) for the standard URLs of every admin model."""
    prefixes = [f"verwaltung/{model._meta.app_label}/{model._meta.model_name}/"
                for model in admin.site._registry]
    rows = {}
    for _key, route in url_patterns():
        base = next((prefix for prefix in prefixes if route.startswith(prefix)), None)
        if base is not None and route[len(base):] in ADMIN_MODEL_ROUTES:
            rows[route] = ("/" + base + ADMIN_MODEL_ROUTES[route[len(base):]], *ADMIN_MODEL_ANSWER)
    return rows


def resolve_path(world, path):
    """"own_comment.pk" → that attribute of the world; "=text" → the text itself."""
    if path.startswith("="):
        return path[1:]
    value = world
    for attribute in path.split("."):
        value = getattr(value, attribute)
    return value


def url_for(world, name, arguments):
    values = {key: resolve_path(world, path) for key, path in arguments.items()}
    query = {key[1:]: value for key, value in values.items() if key.startswith("?")}
    kwargs = {key: value for key, value in values.items() if not key.startswith("?")}
    if "/" in name:  # an unnamed route: fill its one group by hand
        url = "/" + re.sub(r"\(\?P<\w+>[^)]*\)\$?$", kwargs["url"], name)
    else:
        url = reverse(name, kwargs=kwargs)
    return url + (f"?{urlencode(query)}" if query else "")


def isolated_request(user, method, url, session=None):
    """One request in a savepoint that is rolled back: (response, tables it wrote to).

    ``session``: the key of a session ``user`` already has (``World.sessions``), so the request
    needs no sign-in of its own; a new client each time, since a response may change the cookies."""
    with transaction.atomic():
        cache.clear()  # no page cache or rate-limit count carries over between requests
        if session is None:
            client = client_for(user)
        else:
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        with WrittenTables() as written:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response, sorted(written.tables)


def answers(world, url, method):
    """What each role gets for ``method`` on ``url``, and the tables each request wrote to."""
    got, writes = [], {}
    for role in ROLES:
        response, writes[role] = isolated_request(world.users[role], method, url, world.sessions.get(role))
        got.append(outcome(response))
    return got, writes


def check(world, url, method, expected):
    expected = expected.split()
    got, writes = answers(world, url, method)
    mismatches = []
    for role, want, answer in zip(ROLES, expected, got):
        if want.lstrip("+") != answer:
            mismatches.append(f"{role}: erwartet {want}, bekommen {answer}")
        elif writes[role] and not want.startswith("+"):
            mismatches.append(f"{role}: {answer}, hat aber geschrieben: {', '.join(writes[role])}")
    assert not mismatches, (
        f"{method.upper()} {url}: bekommen „{' '.join(got)}“\n  " + "\n  ".join(mismatches)
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for all of the module's tests (building it took longer than most tests).

    It is written inside a transaction that is rolled back after the module's last test; each
    test runs in a savepoint within it (pytest-django's ``db``), and each request of the matrix
    in one more (``isolated_request``), so nothing one test does reaches the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        # Each role signed in once for the module: thousands of requests then need no sign-in
        # of their own (a session written and the sign-in's receivers run for each).
        world.sessions = {role: client_for(user).cookies[settings.SESSION_COOKIE_NAME].value
                          for role, user in world.users.items() if user is not None}
        yield world
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_role_gets_the_expected_answer(world, name):
    on_get, on_post = MATRIX[name]
    url = url_for(world, name, ARGUMENTS.get(name, {}))
    check(world, url, "get", on_get)
    check(world, url, "post", on_post)


@pytest.mark.no_cover  # hundreds of admin requests, all the same redirect: minutes of tracing
def test_every_role_is_kept_out_of_the_admin_models(world):
    for _route, (path, on_get, on_post) in admin_model_rows().items():
        check(world, path, "get", on_get)
        check(world, path, "post", on_post)


def test_moderation_and_redaktion_without_second_factor_reach_nothing_but_the_set_up(world):
    """Until they set up TOTP, the strong roles get the set-up page for every URL of the
    matrix outside the exempt prefixes (accounts, legal pages), and write nothing."""
    Authenticator.objects.filter(user__in=[world.users[MODERATOR], world.users[REDAKTEURIN]]).delete()
    for name in MATRIX:
        url = url_for(world, name, ARGUMENTS.get(name, {}))
        if url.startswith(SECOND_FACTOR_EXEMPT):
            continue
        for role in (MODERATOR, REDAKTEURIN):
            for method in ("get", "post"):
                response, written = isolated_request(world.users[role], method, url)
                assert (outcome(response), written) == ("2fa", []), (role, method, url)


def test_the_matrix_covers_every_url_pattern_of_the_site():
    admin_routes = admin_model_rows()
    missing = sorted(key for key, route in url_patterns() if key not in MATRIX and route not in admin_routes)
    assert not missing, (
        "Diese URLs fehlen in der Berechtigungsmatrix (tests/security/test_authorization_matrix.py); "
        f"tragen Sie ein, was jede Rolle bekommen soll: {missing}"
    )


def test_the_matrix_has_no_rows_for_urls_that_are_gone():
    existing = {key for key, _route in url_patterns()}
    assert not set(MATRIX) - existing
    assert not set(ARGUMENTS) - set(MATRIX)
