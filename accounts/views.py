import json

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.models import User
from accounts.privacy import account_delete, account_export
from kochbuch.pagecache import content_changed


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
        content_changed()  # the name and Kommune appear on cached pages with comments
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
