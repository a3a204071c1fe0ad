"""The profile page's API tokens: make one (its secret is shown once), see and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api.forms import TokenForm
from api.models import ApiToken
from api.services import token_create, token_revoke


@never_cache
@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = token_create(user=request.user, name=form.cleaned_data["name"],
                                         scopes=form.cleaned_data["scopes"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/token_list.html", {
        "form": form, "secret": secret, "tokens": tokens,
    }, status=400 if request.method == "POST" and secret is None else 200)


@login_required
@require_POST
def token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(token=token, user=request.user)
    messages.success(request, _("Der Schlüssel „%(name)s“ ist widerrufen und funktioniert nicht mehr.")
                     % {"name": token.name})
    return redirect("api_tokens")
