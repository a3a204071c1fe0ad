from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.models import User


def profile_detail(request, pk):
    person = get_object_or_404(User, pk=pk, is_active=True)
    return render(request, "accounts/profile_detail.html", {"person": person})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("profile", pk=request.user.pk)
    return render(request, "accounts/profile_form.html", {"form": form})
