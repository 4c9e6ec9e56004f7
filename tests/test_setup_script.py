"""bin/system-packages (used by bin/setup, bin/dev, bin/test and .ci/run) on a fresh Debian machine.

The script runs with a PATH of fakes: ``dpkg-query`` answers from FAKE_INSTALLED, ``id -u`` from
FAKE_UID, ``sudo -n true`` succeeds when FAKE_SUDO=yes, and ``apt-get`` / ``sudo`` only log their
arguments, so no test touches the real system.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BASE = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core", "gettext"]
DEV = [*BASE, "chromium"]

FAKES = {
    "dpkg-query": """#!/bin/bash
# dpkg-query -W -f=FORMAT PACKAGE...: "PACKAGE ii " for installed ones, "rc " for removed ones.
status=0
for package in "${@:3}"; do
  if [[ " $FAKE_INSTALLED " == *" $package "* ]]; then echo "$package ii "
  elif [[ " ${FAKE_REMOVED:-} " == *" $package "* ]]; then echo "$package rc "
  else echo "dpkg-query: no packages found matching $package" >&2; status=1
  fi
done
exit $status
""",
    "id": '#!/bin/bash\necho "$FAKE_UID"\n',
    "sudo": """#!/bin/bash
if [[ "$*" == "-n true" ]]; then [[ "${FAKE_SUDO:-}" == yes ]]; exit; fi
echo "sudo $*" >>"$FAKE_LOG"
"$@"
""",
    "apt-get": '#!/bin/bash\necho "apt-get $*" >>"$FAKE_LOG"\n',
}
REAL_TOOLS = ["bash", "env", "grep", "dirname"]


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    directory = tmp_path / "bin"
    directory.mkdir()
    for name, script in FAKES.items():
        (directory / name).write_text(script)
        (directory / name).chmod(0o755)
    for tool in REAL_TOOLS:
        (directory / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    return directory


def run(
    fake_bin: Path,
    *args: str,
    installed: list[str],
    uid: int = 0,
    sudo: bool | None = None,
    script: str = "bin/system-packages",
    **env: str,
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    if sudo is None:
        (fake_bin / "sudo").unlink()
    log = fake_bin.parent / "calls.log"
    environment = {
        "PATH": str(fake_bin),
        "FAKE_INSTALLED": " ".join(installed),
        "FAKE_UID": str(uid),
        "FAKE_SUDO": "yes" if sudo else "no",
        "FAKE_LOG": str(log),
        **env,
    }
    result = subprocess.run(
        [str(ROOT / script), *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_nothing_missing_installs_nothing_and_prints_nothing(fake_bin):
    result, calls = run(fake_bin, "--dev", installed=DEV)
    assert (result.returncode, result.stdout, result.stderr, calls) == (0, "", "", [])


def test_chromium_is_only_needed_with_dev(fake_bin):
    result, calls = run(fake_bin, installed=BASE)
    assert result.returncode == 0 and calls == []


def test_root_installs_exactly_the_missing_packages(fake_bin):
    result, calls = run(fake_bin, "--dev", installed=BASE[:2] + BASE[3:], FAKE_REMOVED="chromium")
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends libharfbuzz-subset0 chromium",
    ]


def test_passwordless_sudo_installs_through_sudo(fake_bin):
    result, calls = run(fake_bin, installed=BASE[:-1], uid=1000, sudo=True)
    assert result.returncode == 0, result.stderr
    assert calls[::2] == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext",
    ]


def test_dry_run_prints_the_command_and_installs_nothing(fake_bin):
    result, calls = run(fake_bin, "--dev", installed=BASE, SYSTEM_PACKAGES_DRY_RUN="1")
    assert result.returncode == 0 and calls == []
    assert result.stdout == "would run: sh -c 'apt-get update && apt-get install -y --no-install-recommends chromium'\n"


def test_without_root_or_sudo_it_stops_with_the_command_to_run(fake_bin):
    result, calls = run(fake_bin, "--dev", installed=[], uid=1000, sudo=False)
    assert result.returncode == 1 and calls == []
    command = f"apt-get update && apt-get install -y --no-install-recommends {' '.join(DEV)}"
    assert f"  sudo sh -c '{command}'\n" in result.stderr
    assert "Missing system packages: " + " ".join(DEV) in result.stderr


def test_without_sudo_installed_it_names_su(fake_bin):
    result, calls = run(fake_bin, installed=BASE[1:], uid=1000, sudo=None)
    assert result.returncode == 1 and calls == []
    assert "  su -c 'apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0'\n" in result.stderr


def test_bin_setup_stops_at_once_before_anything_else(fake_bin):
    """bin/setup (and so bin/dev and bin/test) fails before touching the virtualenv or the database."""
    result, calls = run(fake_bin, "--dev", installed=BASE, uid=1000, sudo=False, script="bin/setup")
    assert result.returncode == 1 and calls == []
    assert result.stdout == ""
    assert "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends chromium'" in result.stderr


def test_not_debian_passes_with_a_note(fake_bin):
    (fake_bin / "dpkg-query").unlink()
    result, calls = run(fake_bin, installed=[])
    assert result.returncode == 0 and calls == []
    assert "not a Debian/Ubuntu system" in result.stderr


def test_dev_refuses_a_port_that_is_not_a_number(fake_bin):
    result, calls = run(fake_bin, installed=BASE, script="bin/dev", PORT="80; rm -rf /")
    assert result.returncode == 1 and calls == []
    assert result.stderr == "PORT must be a port number, not '80; rm -rf /'.\n"


def test_dev_runs_the_server_on_port_and_points_e_mail_links_to_it():
    """honcho overwrites PORT for each process, so bin/dev passes the port on as PORTAL_DEV_PORT."""
    dev = (ROOT / "bin/dev").read_text()
    assert 'export PORTAL_DEV_PORT="$port"' in dev
    assert 'export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:$port}"' in dev
    assert dev.index("export PORTAL_BASE_URL") < dev.index("seed_demo")  # the demo e-mails' links
    web = next(line for line in (ROOT / "Procfile.dev").read_text().splitlines() if line.startswith("web:"))
    assert web.endswith('runserver "127.0.0.1:${PORTAL_DEV_PORT:-8000}"')
