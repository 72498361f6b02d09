"""The Export and Import dialogs, the policy brief, Print and Save page as PDF, driven like a person."""

import json
import zipfile
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from nsp_desktop.core import export, report
from nsp_desktop.core.store import Store
from nsp_desktop.documents import writers as documents
from nsp_desktop.ui import dialogs as dialogs_module
from nsp_desktop.ui.share.export_dialog import ExportDialog
from nsp_desktop.ui.share.import_dialog import ImportDialog
from tests.pdftext import pdf_text, squeeze
from tests.sample_progress import AS_OF, DETENTION, HOSTILE, SCHOOLS, TOOLKIT, filled_store


@pytest.fixture
def store(tmp_path, monkeypatch):
    with filled_store(tmp_path / "data", monkeypatch) as opened:
        yield opened


@pytest.fixture
def answers(monkeypatch):
    """What the file prompts will answer; `opened` records the dialogs the app opened."""
    given = {"save": None, "open": None, "print": False, "opened": []}
    patch = dialogs_module.dialogs
    monkeypatch.setattr(patch, "get_save_path", lambda *a: given["save"])
    monkeypatch.setattr(patch, "get_open_path", lambda *a: given["open"])
    monkeypatch.setattr(patch, "print_setup", lambda parent, printer: given["print"](printer))
    monkeypatch.setattr(patch, "show_dialog", lambda dialog: given["opened"].append(dialog))
    return given


def click_button(qtbot, box: QDialogButtonBox, which) -> None:
    qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)


def test_export_dialog_writes_the_chosen_scope_and_format(qtbot, store, tmp_path, answers):
    dialog = ExportDialog(TOOLKIT, store, policy_id=DETENTION)
    qtbot.addWidget(dialog)
    assert dialog.policy.currentData() == DETENTION and dialog.everything.isChecked()
    dialog.set_format("csv")
    assert dialog.excel.isEnabled()
    dialog.set_format("html")
    assert not dialog.excel.isEnabled()
    dialog.one_policy.setChecked(True)
    answers["save"] = str(tmp_path / "chosen")  # no suffix: the format's is added
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith("chosen.html")
    box = dialog.findChild(QDialogButtonBox)
    click_button(qtbot, box, QDialogButtonBox.StandardButton.Save)
    written = (tmp_path / "chosen.html").read_text(encoding="utf-8")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "&lt;script&gt;" in written and "Cancel federal detention contracts" in written
    assert "Talk to the school board" not in written  # another policy: out of scope
    dialog2 = ExportDialog(TOOLKIT, store)
    qtbot.addWidget(dialog2)
    dialog2.one_priority.setChecked(True)
    dialog2.only_progress.setChecked(True)
    assert dialog2.scope() == export.Scope("no-data", None, True)


def test_export_dialog_says_why_a_file_could_not_be_written(
    qtbot, store, tmp_path, answers, no_modal_dialogs
):
    dialog = ExportDialog(TOOLKIT, store)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "missing-folder" / "x.md"))
    assert dialog.export_now() is None
    assert no_modal_dialogs[-1][:2] == ("error", "Export failed")
    assert "does not exist" in no_modal_dialogs[-1][2]
    assert not (tmp_path / "missing-folder").exists()


def test_import_dialog_previews_then_merges_or_replaces(
    qtbot, store, tmp_path, answers, no_modal_dialogs
):
    state = store.workspace_state(TOOLKIT, 1)
    source = tmp_path / "from-colleague.json"
    source.write_text(export.to_json(TOOLKIT, state, export.Scope(), AS_OF), encoding="utf-8")
    with Store.open(tmp_path / "mine") as mine:
        mine.set_note(1, SCHOOLS, "Mine, newer than theirs")
        dialog = ImportDialog(TOOLKIT, mine)
        qtbot.addWidget(dialog)
        assert not dialog.import_button.isEnabled()  # nothing chosen yet
        answers["open"] = str(source)
        qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
        preview = dialog.preview.toPlainText()
        assert "Tick: Cancel federal detention contracts: Gather relevant data" in preview
        assert "Add your own item: Cancel federal detention contracts: Ask the clerk" in preview
        assert "Notes changed: Develop policies" not in preview  # our note is newer
        assert "kept as retired" in dialog.summary.text()
        dialog.replace.setChecked(True)
        assert "Notes changed: Develop policies" in dialog.preview.toPlainText()
        dialog.merge.setChecked(True)
        assert mine.note(1, DETENTION) == ""  # a preview writes nothing
        click_button(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
        assert dialog.imported and mine.note(1, DETENTION) == HOSTILE
        assert mine.note(1, SCHOOLS) == "Mine, newer than theirs"


def test_import_dialog_refuses_a_newer_file_and_changes_nothing(
    qtbot, tmp_path, answers, no_modal_dialogs
):
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "nsp-desktop-export", "schema_version": 2}))
    with Store.open(tmp_path / "mine") as mine:
        mine.set_note(1, SCHOOLS, "Keep")
        before = list(mine._db.iterdump())
        dialog = ImportDialog(TOOLKIT, mine)
        qtbot.addWidget(dialog)
        assert not dialog.load(str(newer))
        assert no_modal_dialogs[-1][1] == "Cannot import this file"
        assert "newer version" in no_modal_dialogs[-1][2]
        assert not dialog.import_button.isEnabled() and not dialog.import_now()
        assert list(mine._db.iterdump()) == before


def test_import_into_a_new_workspace_needs_a_name(qtbot, store, tmp_path, answers):
    source = tmp_path / "all.json"
    state = store.workspace_state(TOOLKIT, 1)
    source.write_text(export.to_json(TOOLKIT, state, export.Scope(), AS_OF), encoding="utf-8")
    dialog = ImportDialog(TOOLKIT, store)
    qtbot.addWidget(dialog)
    dialog.load(str(source))
    dialog.workspace.setCurrentIndex(dialog.workspace.count() - 1)
    assert not dialog.import_button.isEnabled()
    dialog.new_name.setText("Neighbouring county")
    assert dialog.import_button.isEnabled() and dialog.import_now()
    made = store.workspace("Neighbouring county")
    assert store.note(made.id, DETENTION) == HOSTILE


def test_pdf_export_has_extractable_text_with_the_notes_and_odt_is_a_valid_package(
    qtbot, store, tmp_path
):
    state = store.workspace_state(TOOLKIT, 1)
    pdf = documents.write_export("pdf", tmp_path / "a.pdf", TOOLKIT, state, export.Scope(), AS_OF)
    text = squeeze(pdf_text(pdf.read_bytes()))
    assert squeeze("Talk to the school board first.") in text
    assert squeeze("<script>alert(1)</script>") in text and squeeze("Привет,") in text
    assert (
        "Page1of" in text and squeeze(f"My workspace · as of {documents.shown_time(AS_OF)}") in text
    )
    assert b"/FontFile2" in pdf.read_bytes()  # fonts embedded
    odt = documents.write_export("odt", tmp_path / "a.odt", TOOLKIT, state, export.Scope(), AS_OF)
    with zipfile.ZipFile(odt) as package:
        assert package.infolist()[0].filename == "mimetype"
        assert package.infolist()[0].compress_type == zipfile.ZIP_STORED
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = ElementTree.fromstring(package.read("content.xml"))
        assert "META-INF/manifest.xml" in package.namelist()
    words = "".join(content.itertext())
    assert "<script>alert(1)</script>" in words and "Привет, 世界" in words


def test_window_file_menu_brief_save_page_as_pdf_and_print(
    qtbot, make_window, tmp_path, monkeypatch, answers, no_modal_dialogs
):
    filled_store(tmp_path, monkeypatch).close()  # the folder make_window opens
    window = make_window()
    names = [a.text() for a in window.file_menu.actions()]
    assert "Export progress and notes…" in names and "Print page…" in names
    shared = window.share_actions
    assert shared.print_action.shortcut().toString() == "Ctrl+P"
    assert shared.pdf_action.shortcut().toString() == "Ctrl+Shift+S"

    window.open_page(TOOLKIT.introduction.id)
    assert shared.brief() is None and no_modal_dialogs[-1][0] == "info"  # not a policy
    window.open_page(DETENTION)
    answers["save"] = str(tmp_path / "brief.pdf")
    shared.brief_action.trigger()
    brief = (tmp_path / "brief.pdf").read_bytes()
    assert brief.count(b"/Type /Page\n") == 1
    assert squeeze("left; a, b, c") in squeeze(pdf_text(brief))

    answers["save"] = str(tmp_path / "page.pdf")
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_S, shift_ctrl)
    page = squeeze(pdf_text((tmp_path / "page.pdf").read_bytes()))
    assert squeeze("Gather relevant data including how many detention beds") in page
    assert page.count("☑") == 1 and page.count("☐") == 2  # the ticks as saved, on paper

    printed = tmp_path / "printed.pdf"

    def to_file(printer):
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    answers["print"] = to_file
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert squeeze("Gather relevant data") in squeeze(pdf_text(printed.read_bytes()))

    shared.export_action.trigger()
    assert isinstance(answers["opened"][-1], ExportDialog)
    assert answers["opened"][-1].policy.currentData() == DETENTION


def test_an_import_from_the_window_redraws_it(
    qtbot, make_window, tmp_path, monkeypatch, answers, no_modal_dialogs
):
    with filled_store(tmp_path / "colleague", monkeypatch) as theirs:
        state = theirs.workspace_state(TOOLKIT, 1)
    source = tmp_path / "theirs.json"
    source.write_text(export.to_json(TOOLKIT, state, export.Scope(), AS_OF), encoding="utf-8")
    window = make_window()
    window.open_page(DETENTION)
    assert window.tracking.state().policy(DETENTION).done_count == 0
    window.share_actions.import_action.trigger()
    dialog = answers["opened"][-1]
    assert isinstance(dialog, ImportDialog) and dialog.load(str(source))
    click_button(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    assert window.tracking.state().policy(DETENTION).done_count == 2
    assert (
        window.tracking.notes is None or window.tracking.state().policy(DETENTION).note == HOSTILE
    )
    assert "☑" in window.reader.toPlainText()


def test_the_export_dialogs_policy_list_says_what_the_check_mark_means(qtbot, store):
    dialog = ExportDialog(TOOLKIT, store)
    qtbot.addWidget(dialog)
    marked = [p for p in TOOLKIT.policies if p.preempted_friendly]
    assert marked and len(marked) < len(TOOLKIT.policies)
    for n, policy in enumerate(TOOLKIT.policies):
        shown = dialog.policy.itemText(n)
        assert shown.startswith(policy.title)  # never "✓ Title": it read as "done"
        dialog.policy.setCurrentIndex(n)
        if policy.preempted_friendly:
            assert shown == f"{policy.title} (✓ useful if preempted)"
            assert (
                dialog.policy.itemData(n, Qt.ItemDataRole.ToolTipRole) == TOOLKIT.preempted_legend
            )
            assert dialog.mark.text() == f"✓ {report.CHECK_LABEL}"  # said whole, under the list
        else:
            assert "✓" not in shown and dialog.mark.text() == ""
