import json

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.views import login as allauth_login
from allauth.account.views import password_change as allauth_password_change
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.forms import AccountDeleteForm, ProfileForm, SecondFactorSignInForm
from accounts.models import User
from accounts.privacy import account_delete, account_export
from accounts.signin import by_account_with_second_factor, signin_failed, signin_wait
from kochbuch.pagecache import pages_purge
from kommunen.models import Kommune


def profile_detail(request, pk):
    """Public only for an active account with a confirmed address: an unconfirmed one may be
    anyone's (a name typed into the sign-up form), a deleted one has nothing left to show."""
    person = get_object_or_404(
        User.objects.filter(is_active=True, emailaddress__verified=True).distinct(), pk=pk
    )
    return render(request, "accounts/profile_detail.html", {"person": person})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The name and Kommune appear on cached pages with comments; what a person withdraws
        # from view must not stay in older cached pages either (as for a deleted account).
        pages_purge()
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("profile", pk=request.user.pk)
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
def account_data(request):
    """The person's own data as a JSON download (DSGVO Art. 15 and 20)."""
    payload = json.dumps(account_export(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kochbuch-meine-daten.json"'
    return response


def _has_second_factor(request):
    return is_mfa_enabled(request.user)


# allauth's password change asks for the old password only; with a second factor, its code too.
password_change = login_required(
    reauthentication_required(allow_get=True, enabled=_has_second_factor)(allauth_password_change)
)


@login_required
@reauthentication_required(allow_get=True, enabled=_has_second_factor)
def account_delete_view(request):
    """Deleting asks for the password; with a second factor, first for its code as well
    (allauth's re-authentication, see ``accounts.adapter``), so a session and a password
    alone cannot close the account."""
    form = AccountDeleteForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Ihr Konto wurde gelöscht. Ihre Beiträge erscheinen jetzt als „gelöschtes Konto“."))
        return redirect("book")
    return render(request, "accounts/account_delete.html", {"form": form})


def _signin_limited(request, wait):
    """The German 429 page of a sign-in back-off, with the ways that stay open to the owner."""
    response = render(request, "accounts/signin_limited.html", {
        "minutes": max(1, round(wait / 60)), "seconds": wait,
    }, status=429)
    response["Retry-After"] = str(wait)
    return response


def signin(request):
    """allauth's sign-in page, behind the back-off of ``accounts.signin``.

    While the typed address (or the reader's own address) has to wait, the password is not
    even checked: the answer is 429 with the ways that stay open to the owner.
    """
    if request.method == "POST" and not request.user.is_authenticated:
        wait = signin_wait(request, request.POST.get("login", ""))
        if wait:
            return _signin_limited(request, wait)
    return allauth_login(request)


def signin_second_factor(request):
    """Sign in with password *and* authenticator code in one step.

    The way in for the owner while the password form makes their account wait: a guess here
    must get both right, and the answer never says which one was wrong.
    """
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SecondFactorSignInForm(request.POST or None)
    if request.method == "POST":
        account = by_account_with_second_factor()
        wait = signin_wait(request, request.POST.get("email", ""), account=account)
        if wait:
            return _signin_limited(request, wait)
        if form.is_valid():
            email = form.cleaned_data["email"]
            user = get_account_adapter(request).authenticate(
                request, email=email, password=form.cleaned_data["password"]
            )
            verified = user is not None and EmailAddress.objects.filter(
                user=user, email__iexact=email, verified=True
            ).exists()
            code = AuthenticateForm(user=user, data={"code": form.cleaned_data["code"]}) if verified else None
            if code is not None and is_mfa_enabled(user) and code.is_valid():
                login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
                record_authentication(request, user, method="password", email=email)
                code.save()  # allauth's record of the second factor (re-authentication reads it)
                return redirect(_next_url(request))
            if user is not None:  # the password was right: count the failure here as well
                signin_failed(request, email, account=account)
            else:
                account.fail(email)
            form.add_error(None, _(
                "E-Mail-Adresse, Passwort oder Code stimmen nicht. Ohne Authenticator-App "
                "melden Sie sich bitte mit einem Code per E-Mail an."
            ))
    return render(request, "accounts/signin_second_factor.html", {"form": form})


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def profile_kommune(request):
    """Choose one's Kommune from the register: a GET search with a list, each result a button.

    Works without JavaScript; static/js/live-search.js only sends the search as one types.
    """
    next_url = _next_url(request) if (request.POST.get("next") or request.GET.get("next")) else ""
    if request.method == "POST":
        if request.POST.get("kommune") == "":
            request.user.kommune = None
        else:
            try:
                request.user.kommune = Kommune.objects.get(pk=int(request.POST.get("kommune", "x")))
            except (ValueError, Kommune.DoesNotExist):
                return render(request, "accounts/profile_kommune.html",
                              {"query": "", "results": [], "next": next_url}, status=400)
        request.user.save(update_fields=["kommune"])
        pages_purge()  # the Kommune pages list people
        messages.success(request, _("Ihre Kommune ist gespeichert."))
        return redirect(next_url or "profile_edit")
    query = request.GET.get("q", "").strip()[:100]
    results = list(Kommune.objects.search(query)[:30]) if query else []
    return render(request, "accounts/profile_kommune.html", {
        "query": query, "results": results, "next": next_url,
        "choose_url": request.path,
    })
