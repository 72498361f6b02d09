"""Back/forward history behaves like a browser's."""

from nsp_desktop.core.history import History


def test_back_forward_and_visit_drops_forward():
    history = History()
    for page in ("a", "b", "c"):
        history.visit(page)
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    history.visit("d")
    assert not history.can_go_forward()
    assert history.back() == "b"


def test_revisiting_the_current_page_is_not_a_step():
    history = History()
    history.visit("a")
    history.visit("a")
    assert not history.can_go_back()


def test_keep_only_forgets_pages_that_are_gone_from_every_list():
    history = History()
    for page in ("a", "gone", "b", "c"):
        history.visit(page)
    history.back()  # at b; forward holds c
    history.keep_only(lambda page: page != "gone")
    assert history.current == "b"
    assert history.back() == "a" and history.back() is None
    assert history.forward() == "b" and history.forward() == "c"
    history.keep_only(lambda page: page != "c")
    assert history.current is None
