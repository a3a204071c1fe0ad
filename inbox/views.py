"""A place of one's own: what I watch, my news, and which e-mails I want."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inbox.forms import PreferencesForm
from inbox.models import Kind, Notification, Preferences
from inbox.services import notifications_mark_read, preferences_save
from recipes.models import Watch
from recipes.services import watch_toggle

NEWS_SHOWN = 100


@login_required
def watched(request):
    watches = (Watch.objects.filter(user=request.user)
               .select_related("recipe", "chapter").order_by("chapter__number", "recipe__sort_key"))
    return render(request, "inbox/watched.html", {
        "chapters": [watch for watch in watches if watch.chapter_id],
        "recipes": [watch for watch in watches if watch.recipe_id],
    })


@require_POST
@login_required
def unwatch(request, pk):
    watch = get_object_or_404(Watch.objects.select_related("recipe", "chapter"), pk=pk, user=request.user)
    target = watch.recipe or watch.chapter
    watch_toggle(user=request.user, recipe=watch.recipe, chapter=watch.chapter)
    messages.success(request, f"Sie beobachten „{target}“ nicht mehr.")
    return redirect("watched")


@login_required
def news(request):
    notifications = list(Notification.objects.filter(user=request.user)[:NEWS_SHOWN])
    return render(request, "inbox/news.html", {
        "notifications": notifications,
        "unread": sum(1 for notification in notifications if notification.read_at is None),
    })


@require_POST
@login_required
def news_mark_read(request):
    raw = request.POST.get("id", "")
    notifications_mark_read(user=request.user, notification_id=int(raw) if raw.isdigit() else None)
    messages.success(request, "Als gelesen markiert." if raw else "Alle Neuigkeiten sind als gelesen markiert.")
    return redirect("news")


@login_required
def preferences(request):
    current = Preferences.objects.filter(user=request.user).first() or Preferences(user=request.user)
    initial = {"mail": [kind for kind in Kind.values if kind not in current.mail_off],
               "show_contributions": current.show_contributions}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user,
                         mail_off=[kind for kind in Kind.values if kind not in form.cleaned_data["mail"]],
                         show_contributions=form.cleaned_data["show_contributions"])
        messages.success(request, "Ihre Einstellungen sind gespeichert.")
        return redirect("inbox_preferences")
    return render(request, "inbox/preferences.html", {"form": form})
