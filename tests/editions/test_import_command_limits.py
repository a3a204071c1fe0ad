"""`manage.py import_edition` parses in the same limited child process as an upload (issue 11).

A Flate bomb (a small file whose content stream inflates to hundreds of megabytes) grew the
command to 2.4 GB; now the command stops at IMPORT_PARSE_MEMORY_MB / IMPORT_PARSE_TIMEOUT_SECONDS
with a German message, a non-zero exit code, and nothing written.
"""

import io
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from reversion.models import Version

from editions.models import Edition
from recipes.models import Chapter, Recipe

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
INFLATED_MB = 400


def flate_bomb(path, inflated_mb=INFLATED_MB):
    """A one-page PDF whose content stream is ``inflated_mb`` MB of spaces, deflated to ~0.4 MB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def nothing_written():
    return not (Edition.objects.exists() or Chapter.objects.exists() or Recipe.objects.exists()
                or Version.objects.exists())


@override_settings(IMPORT_PARSE_MEMORY_MB=150, IMPORT_PARSE_TIMEOUT_SECONDS=60)
def test_a_flate_bomb_stops_at_the_memory_limit_and_imports_nothing(tmp_path, editor):
    bomb = flate_bomb(tmp_path / "bombe.pdf")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(CommandError) as info:
        call_command("import_edition", str(bomb), "--edition", "Ausgabe 2027", "--user", editor.email,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert str(info.value).startswith("Nichts importiert:")
    assert "zu viel Arbeitsspeicher" in str(info.value)
    assert nothing_written()


@override_settings(IMPORT_PARSE_MEMORY_MB=1024, IMPORT_PARSE_TIMEOUT_SECONDS=0.05)
def test_the_command_stops_at_the_time_limit_and_imports_nothing(sample_pdf, editor):
    with pytest.raises(CommandError) as info:
        call_command("import_edition", str(sample_pdf), "--edition", "Ausgabe 2027", "--user", editor.email,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert "Sekunden gedauert und wurde abgebrochen" in str(info.value) and nothing_written()


def test_a_normal_file_still_imports_through_the_child_process(sample_pdf, editor):
    call_command("import_edition", str(sample_pdf), "--edition", "Ausgabe 2016", "--user", editor.email,
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert Recipe.objects.filter(number="1.1").exists()


def test_run_from_the_shell_a_bomb_ends_with_a_german_error_and_a_non_zero_exit_code(tmp_path):
    bomb = flate_bomb(tmp_path / "bombe.pdf")
    env = {**os.environ, "IMPORT_PARSE_MEMORY_MB": "150", "IMPORT_PARSE_TIMEOUT_SECONDS": "60",
           "SQLITE_PATH": str(tmp_path / "leer.sqlite3")}
    env.pop("DATABASE_URL", None)  # a dry run reads no table: an empty database will do
    done = subprocess.run(
        [sys.executable, "manage.py", "import_edition", str(bomb), "--edition", "Ausgabe 2027", "--dry-run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    assert "Nichts importiert: Die Verarbeitung der PDF-Datei hat zu viel Arbeitsspeicher benötigt" in done.stderr
    assert "Traceback" not in done.stderr
