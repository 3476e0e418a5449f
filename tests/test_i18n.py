import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

VISITOR_PAGES = ["home", "login", "signup", "password_reset"]
CONSUMER_PAGES = ["home", "journey_list", "journey_create"]


def test_every_page_offers_the_language_switch_and_speaks_dutch_by_default(
    client, consumer, settings
):
    settings.LANGUAGE_CODE = "nl"
    pages = [(False, name) for name in VISITOR_PAGES] + [(True, name) for name in CONSUMER_PAGES]
    for logged_in, name in pages:
        if logged_in:
            client.force_login(consumer)
        body = client.get(reverse(name)).content.decode()
        assert '<html lang="nl">' in body, name
        assert 'action="/i18n/setlang/"' in body, name
        assert "Naar de inhoud" in body, name


def test_switching_to_english_sticks(consumer_client, settings):
    settings.LANGUAGE_CODE = "nl"
    consumer_client.post(reverse("set_language"), {"language": "en", "next": "/journeys/"})
    body = consumer_client.get(reverse("journey_list")).content.decode()
    assert '<html lang="en">' in body
    assert "My journeys" in body


def _po_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry of a .po file; a plural entry gives its first form."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fields, field = {}, None
        for line in lines:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgid", "msgstr", "msgstr[0]"):
                field = keyword.removesuffix("[0]")
                fields[field] = ast.literal_eval(rest)
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
            else:
                field = None
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fields.get("msgid"):
            entries.append((fields["msgid"], fields.get("msgstr", ""), fuzzy))
    return entries


def test_the_dutch_catalogue_is_complete_and_compiled():
    """Every message has a Dutch translation, none is fuzzy, and the compiled .mo says the same."""
    folder = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    assert len(entries) > 300
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr, _ in entries if compiled.gettext(msgid) != msgstr]
    assert stale == []


def test_every_message_in_the_code_has_a_dutch_translation(tmp_path):
    """Extract the messages from today's code (as `make messages` does, in a copy of the
    project) and find each one translated in the committed catalogue."""
    root = Path(settings.BASE_DIR)
    for name in ("journeys", "frictionlog", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    extracted = _po_entries(tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    assert len(extracted) > 300
    untranslated = [msgid for msgid, msgstr, fuzzy in extracted if not msgstr or fuzzy]
    assert untranslated == [], "run `make messages` and translate these"
