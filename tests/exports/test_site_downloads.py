"""The learner's path to the Anki deck: Practice page → download link → a deck Anki imports."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def test_practice_page_offers_the_decks_and_they_import(page, site_url, tmp_path, bank_files):
    """On the Practice page the learner finds the whole-bank and per-exam decks (an accessible
    table, links reachable by keyboard); pressing Enter on one downloads exactly the deck the
    command line writes for that exam, and Anki imports it with one note per question."""
    from quizbank.exportable import bank_timestamp, select
    from quizbank.export import export

    page.goto(f"{site_url}/practice/")
    table = page.locator(".cs-exports table")
    table.wait_for()
    names = table.locator("a[download]").all_inner_texts()
    assert names == ["cold-start.apkg", "cold-start-dva-c02.apkg", "cold-start-saa-c03.apkg"]
    rows = table.locator("tbody tr").all_inner_texts()
    assert str(len(select(bank_files, exam="DVA-C02"))) in rows[1]
    results = Axe().run(page, context=".cs-exports")
    serious = [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, serious
    # Keyboard: the links are in the tab order.
    link = table.get_by_role("link", name="cold-start-dva-c02.apkg")
    link.focus()
    assert page.evaluate("document.activeElement.textContent") == "cold-start-dva-c02.apkg"

    with page.expect_download() as info:
        page.keyboard.press("Enter")
    downloaded = tmp_path / "downloaded.apkg"
    info.value.save_as(downloaded)
    expected, items, _ = export("anki", tmp_path / "cli.apkg", bank_files, exam="DVA-C02",
                                timestamp=bank_timestamp())
    assert downloaded.read_bytes() == expected.read_bytes()

    collection = pytest.importorskip("anki.collection")
    (tmp_path / "profile").mkdir()
    col = collection.Collection(str(tmp_path / "profile" / "collection.anki2"))
    try:
        col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(downloaded), options=collection.ImportAnkiPackageOptions()))
        assert col.note_count() == len(items)
        assert {col.get_note(n)["Id"] for n in col.find_notes("")} == {i.id for i in items}
    finally:
        col.close()
