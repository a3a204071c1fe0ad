"""The upload page of the Redaktion: upload → background parsing → preview → confirm → import."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.roles import perm
from editions.forecast import DECISIONS, OUTCOMES, forecast_counts
from editions.forms import ImportUploadForm
from editions.importing import entries_from_structure
from editions.models import ImportJob
from editions.preview import (
    decisions_from_post,
    forecast_chapters,
    forecast_items,
    forecast_store,
    preview_summary,
)
from editions.progress import job_progress
from editions.recovery import lost_jobs_recover
from editions.tasks import apply_import, parse_upload


def _require_import_right(user):
    if not user.has_perm(perm("import")):
        raise PermissionDenied("Ausgaben importieren darf nur die Redaktion.")


@login_required
def import_start(request):
    _require_import_right(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        job = ImportJob.objects.create(
            upload=upload, original_name=upload.name[:255], format=form.cleaned_data["format"],
            edition_name=form.cleaned_data["edition_name"], created_by=request.user,
            edition_date=form.cleaned_data["edition_date"],
        )
        parse_upload.enqueue(job.pk)
        return redirect(job)
    lost_jobs_recover()  # a job whose worker was killed must not look "läuft" here
    jobs = ImportJob.objects.select_related("created_by")[:10]
    return render(request, "editions/import_form.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request, pk):
    _require_import_right(request.user)
    job = get_object_or_404(ImportJob, pk=pk)
    if job.is_running:  # its worker may have been killed: retry or fail it now
        lost_jobs_recover()
        job.refresh_from_db()
    context = {"job": job, "progress": job_progress(job)}
    if job.preview and job.status == ImportJob.Status.PREVIEW:
        if not job.forecast:  # parsed before forecasts existed
            chapters, recipes = entries_from_structure(job.preview)
            forecast_store(job, chapters=chapters, recipes=recipes, now=timezone.now())
            job.save(update_fields=["forecast", "updated_at"])
        outcome = request.GET.get("ergebnis") if request.GET.get("ergebnis") in OUTCOMES else ""
        chapter = request.GET.get("kapitel", "")
        chapter = int(chapter) if chapter.isdigit() else None
        items = forecast_items(job)
        context.update(
            summary=preview_summary(job.preview), counts=forecast_counts(items),
            groups=forecast_chapters(job, outcome=outcome, chapter=chapter),
            outcomes=OUTCOMES, decisions=DECISIONS, outcome=outcome, chapter=chapter,
            chapter_choices=sorted({(item.chapter_number, item.title) for item in items if item.kind == "chapter"}),
        )
    return render(request, "editions/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request, pk):
    _require_import_right(request.user)
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status != ImportJob.Status.PREVIEW:
        messages.error(request, "Dieser Import wartet nicht auf eine Bestätigung.")
        return redirect(job)
    if "discard" in request.POST:
        job.status = ImportJob.Status.CANCELLED
        job.save(update_fields=["status", "updated_at"])
        messages.info(request, "Der Import wurde verworfen; es wurde nichts geändert.")
        return redirect("import_start")
    job.forecast = {**(job.forecast or {}), "decisions": decisions_from_post(job, request.POST)}
    if "save" in request.POST:
        job.save(update_fields=["forecast", "updated_at"])
        messages.success(request, "Ihre Auswahl ist gespeichert.")
        shown = {"ergebnis": request.POST.get("ergebnis", ""), "kapitel": request.POST.get("kapitel_filter", "")}
        query = urlencode({key: value for key, value in shown.items()
                           if value in OUTCOMES or (key == "kapitel" and value.isdigit())})
        return redirect(f"{job.get_absolute_url()}?{query}" if query else job.get_absolute_url())
    job.status = ImportJob.Status.IMPORTING
    job.save(update_fields=["status", "forecast", "updated_at"])
    apply_import.enqueue(job.pk)
    return redirect(job)
