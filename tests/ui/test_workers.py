"""Background work: results arrive by signal on the GUI thread; stale searches are dropped;
one index update at a time; cancel works; nothing is left running."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread, QThreadPool

from reader.core.model import QueryError
from reader.ui.workers import IndexRunner, SearchRequest, SearchRunner, TaskRelay, start_task


@pytest.fixture
def pool():
    pool = QThreadPool()
    yield pool
    pool.waitForDone()


class Owner(QObject):
    """Receives a relay's reports the way the runners do: bound methods, GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.relay = TaskRelay(self)
        self.relay.progress.connect(self.on_progress)
        self.seen: list = []

    def on_progress(self, task_id: int, done: int, total: int) -> None:
        self.seen.append((task_id, done, total, QThread.currentThread()))


@pytest.fixture
def owner(qtbot, pool):
    owner = Owner()
    yield owner
    pool.waitForDone()


def test_task_reports_on_the_gui_thread(qtbot, pool, owner):
    def work(progress, cancelled):
        progress(1, 2)
        progress(2, 2)
        return threading.current_thread().name

    with qtbot.waitSignal(owner.relay.finished, timeout=5000) as blocker:
        task_id, _cancel = start_task(pool, work, owner.relay)
    assert blocker.args[0] == task_id
    assert blocker.args[1] != threading.main_thread().name  # it ran on a pool thread
    assert owner.seen and owner.seen[-1][:3] == (task_id, 2, 2)
    assert all(thread is QThread.currentThread() for *_n, thread in owner.seen)  # the GUI thread


def test_task_failure_is_reported_not_raised(qtbot, pool, owner):
    def work(progress, cancelled):
        raise ValueError("boom")

    with qtbot.waitSignal(owner.relay.failed, timeout=5000) as blocker:
        start_task(pool, work, owner.relay)
    assert isinstance(blocker.args[1], ValueError)


def test_index_runner_updates_and_reports(qtbot, pool, library, seeds):
    runner = IndexRunner(library, pool)
    (seeds / "new.txt").write_text("A new article\n\nAbout the Kremlin and its allies.\n", encoding="utf-8")
    progress: list[tuple[int, int]] = []
    runner.progress.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(runner.finished, timeout=10000) as blocker:
        runner.start()
        assert runner.running
    summary, reanchored = blocker.args
    assert summary.added == 1 and not summary.cancelled
    assert progress[-1][0] == progress[-1][1]
    assert not runner.running
    assert any(a.title == "A new article" for a in library.articles())


def test_a_second_request_while_running_queues_exactly_one_rerun(qtbot, pool, library):
    runner = IndexRunner(library, pool)
    finished: list = []
    runner.finished.connect(lambda s, r: finished.append(s))
    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.start()
        runner.start()
        runner.start()
    assert len(finished) == 2


def test_cancel_stops_the_update_and_keeps_what_was_done(qtbot, pool, library, seeds):
    for i in range(30):
        (seeds / f"extra{i:02}.txt").write_text(f"Extra {i}\n\nText number {i}.\n", encoding="utf-8")
    runner = IndexRunner(library, pool)
    gate = threading.Event()
    real = library.update_index

    asked: list[bool] = []

    def slow_update(progress, cancelled, *, isolated=False):
        asked.append(isolated)

        def wrapped_progress(done, total):
            progress(done, total)
            gate.wait(5)
        return real(wrapped_progress, cancelled, isolated=isolated)

    library.update_index = slow_update
    with qtbot.waitSignal(runner.finished, timeout=10000) as blocker:
        runner.start()
        runner.cancel()
        gate.set()
    summary, _ = blocker.args
    assert summary.cancelled
    assert summary.added < 30
    assert asked == [True]  # big updates may leave the window's process


def test_a_big_update_runs_in_its_own_process_with_progress(
        qtbot, pool, library, seeds, monkeypatch):
    """The app's isolated path end to end: the child indexes, the window's
    process relays its progress, and sees the new articles once it is done."""
    import reader.core.index.process as process_module
    import reader.core.library as library_module

    monkeypatch.setattr(library_module, "ISOLATE_MIN_FILES", 20)
    children: list = []
    real = process_module.update_in_child
    monkeypatch.setattr(process_module, "update_in_child",
                        lambda *args: children.append(args) or real(*args))
    for i in range(40):
        (seeds / f"bulk{i:02}.txt").write_text(f"Bulk {i}\n\nAbout a samovar {i}.\n", encoding="utf-8")
    runner = IndexRunner(library, pool)
    progress: list[tuple[int, int]] = []
    runner.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(runner.finished, timeout=60000) as blocker:
        runner.start()
    summary, _ = blocker.args
    assert len(children) == 1
    assert summary.added == 40 and progress and progress[-1][0] == progress[-1][1]
    assert library.search("samovar").total == 40


def test_shutdown_refuses_new_work(qtbot, pool, library):
    runner = IndexRunner(library, pool)
    runner.shutdown()
    runner.start()
    assert not runner.running


def test_search_runner_debounces_and_drops_stale_requests(qtbot, pool, library):
    runner = SearchRunner(library, pool, debounce_ms=10)
    shown: list[str] = []
    runner.resultsReady.connect(lambda request, results: shown.append(request.text))
    with qtbot.waitSignal(runner.idle, timeout=10000):
        for text in ("p", "pu", "put", "puti", "putin"):
            runner.request(SearchRequest(text))
    assert shown == ["putin"]  # typing fast: one search, for the last text
    # An immediate request overtaken by a newer one: only the newest is shown.
    shown.clear()
    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.request(SearchRequest("russia"), immediate=True)
        runner.request(SearchRequest("daesh"), immediate=True)
    assert shown == ["daesh"]
    runner.shutdown()


def test_search_runner_cancel_drops_the_answer_in_flight(qtbot, pool, library):
    runner = SearchRunner(library, pool, debounce_ms=10)
    shown: list = []
    runner.resultsReady.connect(lambda request, results: shown.append(request))
    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.request(SearchRequest("putin"), immediate=True)
        runner.cancel()
    assert shown == []
    assert not runner.busy


def test_search_runner_explains_a_bad_query(qtbot, pool, library):
    runner = SearchRunner(library, pool)
    with qtbot.waitSignal(runner.failed, timeout=10000) as blocker:
        runner.request(SearchRequest('"islamic state'), immediate=True)
    request, message = blocker.args
    with pytest.raises(QueryError) as expected:
        library.search('"islamic state')
    assert message == str(expected.value)
    qtbot.waitUntil(lambda: not runner.busy)


def test_a_running_search_stops_when_a_newer_one_comes_or_the_window_closes(qtbot, pool, library,
                                                                             monkeypatch):
    import threading

    from reader.core.model import SearchCancelled

    started, stopped = threading.Event(), []
    real_search = library.search

    def endless(text, *, cancelled=None, **kwargs):  # a search that would take minutes
        if text != "endless":
            return real_search(text, cancelled=cancelled, **kwargs)
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        stopped.append(text)
        raise SearchCancelled()

    monkeypatch.setattr(library, "search", endless)
    runner = SearchRunner(library, pool, debounce_ms=10)
    shown: list[str] = []
    runner.resultsReady.connect(lambda request, results: shown.append(request.text))
    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.request(SearchRequest("endless"), immediate=True)
        assert started.wait(5)
        runner.request(SearchRequest("putin"), immediate=True)  # typed on: the old one stops
    assert stopped == ["endless"] and shown == ["putin"]
    started.clear()
    runner.request(SearchRequest("endless"), immediate=True)
    assert started.wait(5)
    runner.shutdown()  # the window closes
    assert pool.waitForDone(5000) and stopped == ["endless", "endless"]
