"""Every UI string is translated; every page renders in German and English."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from conftest import logged_in
from portal.accounts import services
from tests import needs

ROOT = Path(settings.BASE_DIR)


def test_every_message_has_a_german_translation(tmp_path):
    """Extract the messages afresh (so new strings count) and check none is left untranslated."""
    if shutil.which("xgettext") is None:
        needs.missing("GNU gettext (xgettext) is not installed (apt-get install gettext)")
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    subprocess.run(
        [sys.executable, "manage.py", "update_translations"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PORTAL_LOCALE_DIR": str(tmp_path / "locale")},
    )
    catalog = polib.pofile(str(tmp_path / "locale/de/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalog if not entry.translated() and not entry.obsolete]
    assert missing == [], f"untranslated: {missing}"
    assert catalog.fuzzy_entries() == []


def test_committed_catalog_compiles(tmp_path):
    catalog = polib.pofile(str(ROOT / "locale/de/LC_MESSAGES/django.po"))
    catalog.save_as_mofile(str(tmp_path / "django.mo"))
    assert catalog.untranslated_entries() == []


PAGES = {
    "member": [
        "dashboard",
        "profile",
        "personal_data_change",
        "settings",
        "account_email",
        "account_change_password",
        "mfa_index",
        "customers:list",
        "customers:create",
        "orders:list",
        "orders:create",
        "invoicing:list",
        "invoicing:create",
    ],
    "staff": [
        "backoffice:home",
        "backoffice:personal_data_requests",
        "backoffice:members",
        "backoffice:member_create",
        "backoffice:emails",
        "backoffice:order_queue",
        "backoffice:invoice_list",
        "backoffice:statement_list",
        "settings",
    ],
    "client_contact": ["clientportal:home", "settings"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("persona", list(PAGES))
def test_every_page_renders_in_both_languages(request, persona, language, member, staff):
    user = request.getfixturevalue(persona)
    user.language = language
    user.save()
    http = logged_in(user)
    for url in [reverse(name) for name in PAGES[persona]]:
        assert_page_in(language, http.get(url), url)
    # Detail pages of a change request (pending, so the member's form page above came first).
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    detail = {"member": "personal_data_request", "staff": "backoffice:personal_data_request"}.get(persona)
    if detail:
        url = reverse(detail, args=[change.pk])
        assert_page_in(language, http.get(url), url)


def assert_page_in(language, response, url):
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{language}">' in html, url
    assert ("Einstellungen" if language == "de" else "Settings") in html, url


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("de", "Passwort vergessen?"), ("en", "Forgot your password?")])
def test_login_page_in_both_languages(client, language, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(reverse("account_login")).content.decode()
