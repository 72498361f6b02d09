"""Toolkit editions in the window: File → Open toolkit edition…, What's new, marks, About."""

import json

import pytest

from nsp_desktop.core import help_pages
from nsp_desktop.core.editions import keys
from nsp_desktop.ui import dialogs as dialogs_module
from tests.edition_support import (
    ADDED_ITEM,
    KEPT_ITEM,
    NEW_POLICY,
    NEW_VERSION,
    NEW_WORD,
    REMOVED_ITEM,
    make_key,
    make_pack,
    tree_digest,
)

ALPR = "cancel-alpr-contracts"  # reworded and given an item
DETENTION = "cancel-detention-contracts"  # lost an item
BUNDLED_VERSION = "2025.12.1"


@pytest.fixture
def pack(tmp_path):
    key, _ = make_key(tmp_path / "trainer")
    return make_pack(tmp_path / "packs", key)


@pytest.fixture
def open_path(monkeypatch):
    """`open_path(path)`: the file prompt answers `path`, recording that it was asked."""
    asked = []

    def set_path(path):
        def prompt(parent, title, filters=""):
            asked.append((title, filters))
            return str(path) if path else None

        monkeypatch.setattr(dialogs_module.dialogs, "get_open_path", prompt)
        return asked

    return set_path


def contents_ids(window):
    return set(window.contents._items)


def test_open_toolkit_edition_asks_for_a_pack_installs_it_and_shows_whats_new(
    qtbot, make_window, pack, open_path, no_modal_dialogs, tmp_path
):
    window = make_window()
    assert NEW_POLICY not in contents_ids(window)
    assert window.open_edition_action in window.file_menu.actions()
    asked = open_path(pack)
    window.open_edition_action.trigger()
    assert asked and "*.nsppack" in asked[0][1]
    question = [s for s in no_modal_dialogs if s[0] == "confirm"]
    fingerprint = keys.fingerprint(
        keys.signer((tmp_path / "editions" / NEW_VERSION / "manifest.sig").read_bytes())[0]
    )
    assert len(question) == 1 and fingerprint in question[0][2]  # asked by its fingerprint
    assert window.toolkit.version == NEW_VERSION
    assert NEW_POLICY in contents_ids(window)  # the contents are the new edition's
    assert window.current_page_id() == help_pages.WHATS_NEW
    page = window.reader.toPlainText()
    assert "What's new in March 2026" in page and NEW_WORD in page
    assert "Publish the list of cameras" in page
    assert "What's new" in window.windowTitle()
    trusted = json.loads((tmp_path / "editions" / "trusted-keys.json").read_text())
    assert fingerprint in json.dumps(trusted)  # exactly that key is now trusted


def test_an_untrusted_key_is_not_installed_when_the_person_says_no(
    qtbot, make_window, pack, open_path, answer, tmp_path
):
    window = make_window()
    before = tree_digest(tmp_path / "editions")
    asked = answer("confirm", False)
    open_path(pack)
    window.open_edition_action.trigger()
    assert len(asked) == 1 and "fingerprint" in asked[0][2].lower()
    assert window.toolkit.version == BUNDLED_VERSION
    assert tree_digest(tmp_path / "editions") == before
    assert not (tmp_path / "editions" / "trusted-keys.json").exists()
    assert "not installed" in window.statusBar().currentMessage().lower()


def test_a_refused_pack_is_explained_in_one_sentence_and_nothing_changes(
    qtbot, make_window, pack, open_path, no_modal_dialogs, tmp_path
):
    window = make_window()
    tampered = pack.with_name("tampered.nsppack")
    data = bytearray(pack.read_bytes())
    at = data.find(b"one of the most")  # inside a stored or deflated file: flip a byte
    data[at if at >= 0 else len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    before = tree_digest(tmp_path / "editions")
    open_path(tampered)
    window.open_edition_action.trigger()
    errors = [s for s in no_modal_dialogs if s[0] == "error"]
    assert len(errors) == 1
    sentence = errors[0][2]
    assert sentence[0].isupper() and sentence.endswith(".") and "\n" not in sentence
    assert window.toolkit.version == BUNDLED_VERSION
    assert tree_digest(tmp_path / "editions") == before


def test_a_pack_already_here_offers_to_put_it_in_use(qtbot, make_window, pack, answer, open_path):
    window = make_window()
    assert window.editions.open_pack(pack)
    assert window.editions.use("bundled")
    asked = answer("confirm", True)
    assert window.editions.open_pack(pack)
    assert "already here" in asked[0][2]
    assert window.toolkit.version == NEW_VERSION


def test_an_older_pack_is_installed_only_when_the_person_asks_to_go_back(
    qtbot, make_window, tmp_path, answer
):
    key, _ = make_key(tmp_path / "trainer")
    newer = make_pack(tmp_path / "a", key, "2026.6.1")
    older = make_pack(tmp_path / "b", key)
    window = make_window()
    assert window.editions.open_pack(newer)
    asked = answer("confirm", False)
    assert not window.editions.open_pack(older)
    assert "not newer" in asked[0][2] and window.toolkit.version == "2026.6.1"
    answer("confirm", True)
    assert window.editions.open_pack(older)
    assert window.toolkit.version == NEW_VERSION


def test_search_finds_the_new_editions_words_after_installing(qtbot, make_window, pack, tmp_path):
    window = make_window()
    window.start_search(tmp_path / "cache")
    qtbot.waitUntil(lambda: window.search_panel.index is not None, timeout=20000)
    assert window.search_panel.index.search(NEW_WORD) == []
    assert window.editions.open_pack(pack)
    qtbot.waitUntil(lambda: window.search_panel.index is not None, timeout=20000)
    hits = window.search_panel.index.search(NEW_WORD)
    assert [h.page_id for h in hits] == [ALPR]
    assert window.search_panel.toolkit is window.toolkit


def test_changed_policies_are_marked_until_each_is_opened(qtbot, make_window, pack, tmp_path):
    from nsp_desktop.ui.reading.contents import ACCESSIBLE_TEXT

    window = make_window()
    assert window.contents.marks() == {}
    assert window.editions.open_pack(pack)
    marks = window.contents.marks()
    assert marks[NEW_POLICY] == "new" and marks[ALPR] == "changed" and marks[DETENTION]
    item = window.contents.item_for(ALPR)
    assert item.text(0).endswith("changed")
    assert "changed in this edition, not opened yet" in item.data(0, ACCESSIBLE_TEXT)
    window.open_page(ALPR)
    assert ALPR not in window.contents.marks()
    assert "changed" not in window.contents.item_for(ALPR).text(0)
    assert "not opened" not in (window.contents.item_for(ALPR).data(0, ACCESSIBLE_TEXT) or "")
    seen = json.loads((tmp_path / "editions" / "seen.json").read_text())
    assert ALPR in seen["seen"]
    # A new window (the next start) marks what is still unseen, and not what was opened.
    window.close()
    again = make_window(window.toolkit)
    again.editions.refresh_marks()
    assert NEW_POLICY in again.contents.marks() and ALPR not in again.contents.marks()


def test_whats_new_is_in_the_help_menu_and_shows_the_word_changes(qtbot, make_window, pack):
    window = make_window()
    assert window.whats_new_action in window.help_menu.actions()
    window.whats_new_action.trigger()
    assert "No earlier edition" in window.reader.toPlainText()
    window.editions.open_pack(pack)
    window.open_page(ALPR)
    window.whats_new_action.trigger()
    looks = word_looks(window.reader.document())
    assert looks["pervasive"] == (True, False)  # struck through: not colour alone
    assert looks[NEW_WORD] == (False, True)  # underlined
    assert looks["one"] == (False, False)


def word_looks(document):
    """word -> (struck through, underlined), as the reader draws it."""
    looks = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            style = fragment.charFormat()
            for word in fragment.text().split():
                looks.setdefault(word, (style.fontStrikeOut(), style.fontUnderline()))
            it += 1
        block = block.next()
    return looks


def test_about_shows_the_edition_and_signer_and_goes_back_and_forward(
    qtbot, make_window, pack, tmp_path
):
    window = make_window()
    about = window.editions.show_about()
    qtbot.waitExposed(about)
    assert "December 2025" in about.text.text() and "shipped with" in about.text.text()
    assert about.switch.isHidden()  # nothing to switch to yet
    about.close()
    window.editions.open_pack(pack)
    window.open_page(NEW_POLICY)
    window.about_action.trigger()
    text = about.text.accessibleName()  # what a screen reader says: plain words
    fingerprint = window.editions.editions()[-1].fingerprint
    assert "March 2026" in text and NEW_VERSION in text and fingerprint in text
    assert "bundled" in about.switch.text()
    about.switch.click()
    assert window.toolkit.version == BUNDLED_VERSION
    assert NEW_POLICY not in contents_ids(window)
    assert window.current_page_id() == window.toolkit.introduction.id  # its page left
    assert "December 2025" in about.text.text()
    assert "March 2026" in about.switch.text()
    about.switch.click()  # forward again
    assert window.toolkit.version == NEW_VERSION and NEW_POLICY in contents_ids(window)
    assert window.pages.history.current is not None


def test_a_removed_item_shows_as_retired_not_dropped(qtbot, make_window, pack):
    window = make_window()
    store = window.tracking.store
    workspace = window.tracking.workspace_id
    store.set_done(workspace, DETENTION, REMOVED_ITEM, True, "Gather the contract data")
    store.set_done(workspace, DETENTION, KEPT_ITEM, True, "")
    assert window.editions.open_pack(pack)
    window.open_page(DETENTION)
    rows = window.tracking.checklist.items
    texts = [rows.item(i).text() for i in range(rows.count())]
    retired = [t for t in texts if "retired" in t]
    assert len(retired) == 1 and "Gather the contract data" in retired[0]
    state = window.tracking.state().policy(DETENTION)
    assert REMOVED_ITEM not in [i.id for i in state.active_items]
    assert KEPT_ITEM in [i.id for i in state.items if i.done]
    window.open_page(ALPR)
    alpr = window.tracking.state().policy(ALPR)
    assert any(i.id == ADDED_ITEM and not i.done for i in alpr.items)  # new ones unticked


def test_an_edition_before_that_cannot_be_read_leaves_no_marks_and_says_so(
    qtbot, make_window, pack, tmp_path
):
    window = make_window()
    assert window.editions.open_pack(pack)
    assert window.editions.use("bundled")  # the installed edition is now the one before
    policy = tmp_path / "editions" / NEW_VERSION / "content" / "policies"
    next(policy.glob("01-*.md")).write_text("no front matter\n", encoding="utf-8")
    window.close()
    again = make_window(window.toolkit)  # the next start
    again.editions.refresh_marks()
    assert again.contents.marks() == {}
    again.whats_new_action.trigger()
    assert "cannot be shown" in again.reader.toPlainText()


def test_an_index_built_for_the_edition_before_is_dropped(
    qtbot, make_window, monkeypatch, tmp_path
):
    from PySide6.QtCore import QObject, Signal

    from nsp_desktop.core.content import load_toolkit
    from nsp_desktop.ui import workers
    from tests.edition_support import make_edition

    class Builder(QObject):  # emits only when the test says, in the order it says
        built = Signal(object, str)
        failed = Signal(str)

        def __init__(self, toolkit, cache_dir=None):
            super().__init__()
            self.toolkit = toolkit

    started = []
    monkeypatch.setattr(workers, "SearchIndexBuilder", Builder)
    monkeypatch.setattr(workers, "start", started.append)
    window = make_window()
    window.start_search(None)

    new = load_toolkit(make_edition(tmp_path / "edition"))
    window.search.restart(new)
    old_builder, new_builder = started
    assert new_builder.toolkit is new
    old_builder.built.emit("old index", "")  # late: the edition changed meanwhile
    assert window.search_panel.index is None
    old_builder.failed.emit("boom")
    assert "boom" not in window.statusBar().currentMessage()
    new_builder.built.emit("new index", "")
    assert window.search_panel.index == "new index"


def test_an_open_dashboard_lists_the_new_editions_policies(qtbot, make_window, pack):
    window = make_window()
    before = window.tracking.show_dashboard()
    assert NEW_POLICY not in before.visible_policy_ids()
    assert window.editions.open_pack(pack)
    after = window.tracking.dashboard
    assert after is not None and after is not before and after.isVisible()
    assert NEW_POLICY in after.visible_policy_ids()
    assert window.editions.use("bundled")
    assert NEW_POLICY not in window.tracking.dashboard.visible_policy_ids()
