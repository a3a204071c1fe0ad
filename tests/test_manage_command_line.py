import os
import subprocess
import sys
from pathlib import Path

import manage

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_setting_ends_in_one_german_line_not_a_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    # Run a copy of manage.py from a folder without var/local.env, as on a server.
    (tmp_path / "manage.py").write_text((ROOT / "manage.py").read_text())
    env["PYTHONPATH"] = str(ROOT)

    result = subprocess.run([sys.executable, str(tmp_path / "manage.py"), "check"], env=env,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Konfigurationsfehler: SECRET_KEY fehlt. Setzen Sie SECRET_KEY oder DEBUG=1 für die Entwicklung."
    )


def test_the_checkout_local_settings_fill_in_only_what_the_environment_leaves_open(tmp_path, monkeypatch):
    local_env = tmp_path / "local.env"
    local_env.write_text("# comment\nKOCHBUCH_TEST_A=aus-der-datei\nKOCHBUCH_TEST_B=aus-der-datei\n")
    monkeypatch.setenv("KOCHBUCH_TEST_B", "aus-der-umgebung")
    monkeypatch.delenv("KOCHBUCH_TEST_A", raising=False)

    manage.load_local_env(local_env)

    assert os.environ["KOCHBUCH_TEST_A"] == "aus-der-datei"
    assert os.environ["KOCHBUCH_TEST_B"] == "aus-der-umgebung"
    monkeypatch.delenv("KOCHBUCH_TEST_A")
