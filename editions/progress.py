"""How far an import has come, in words: "Seite 37 von 150 gelesen", "Rezept 12 von 86 übernommen".

Reading the file runs in autocommit, so its progress is kept on the job row. Applying the
import is one transaction, whose writes no other process sees before the commit; its progress
goes to a small JSON file under MEDIA_ROOT (shared by all app servers), replaced atomically.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

READING, APPLYING = "reading", "applying"


def _path(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "fortschritt" / f"{int(job_id)}.json"


def apply_progress_write(job_id, *, done: int, total: int, started_at) -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total, "started_at": started_at.isoformat()}))
    os.replace(temporary, path)


def apply_progress_clear(job_id) -> None:
    _path(job_id).unlink(missing_ok=True)


def _apply_progress_read(job_id):
    try:
        data = json.loads(_path(job_id).read_text())
    except (OSError, ValueError):
        return None
    return data["done"], data["total"], parse_datetime(data["started_at"])


def estimate(done: int, total: int, started_at, now=None) -> str:
    """ "noch etwa 40 Sekunden" from the pace so far ("" before there is a pace)."""
    if not done or not started_at or done >= total:
        return ""
    elapsed = ((now or timezone.now()) - started_at).total_seconds()
    left = elapsed / done * (total - done)
    if left < 5:
        return "gleich fertig"
    if left < 90:
        return f"noch etwa {max(5, round(left / 5) * 5)} Sekunden"
    minutes = round(left / 60)
    return f"noch etwa {minutes} Minute{'n' if minutes != 1 else ''}"


def job_progress(job, now=None) -> dict | None:
    """What the job page shows while the job runs: percent, the step in words, the time left."""
    if job.status == job.Status.QUEUED:
        return {"percent": 0, "text": "Wartet auf den Hintergrunddienst …", "estimate": ""}
    if job.status == job.Status.PARSING:
        done, total, started = job.step_done, job.step_total, job.step_started_at
        text = f"Seite {done} von {total} gelesen" if total else "Die Datei wird geöffnet …"
        if total and done >= total:
            text = "Alle Seiten gelesen; die Vorschau wird berechnet …"
        return {"percent": int(100 * done / total) if total else 0, "text": text,
                "estimate": estimate(done, total, started, now)}
    if job.status == job.Status.IMPORTING:
        read = _apply_progress_read(job.pk)
        if read is None:
            return {"percent": 0, "text": "Der Import beginnt …", "estimate": ""}
        done, total, started = read
        return {"percent": int(100 * done / total) if total else 0,
                "text": f"Rezept {done} von {total} übernommen", "estimate": estimate(done, total, started, now)}
    return None
