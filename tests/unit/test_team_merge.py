"""Merging team operations converges: any delivery order, duplicates, delays, clocks a day off."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp_desktop.core.team import clock, merge
from nsp_desktop.core.team.ops import Op

DAY_MS = 86_400_000
START = 1_790_000_000_000  # late 2026
POLICIES = ("cancel-alpr-contracts", "cancel-detention-contracts")
ITEMS = ("a", "b", "c")
NOTE_LINES = ("Call the clerk.", "Budget is due in March.", "Ask legal.", "Draft ready.")


class Device:
    """A simulated laptop: its own clock (skewed), what it has seen, and the files it wrote."""

    def __init__(self, number: int, skew: int):
        self.id = f"{number:016x}"
        self.name = f"Person {number}"
        self.skew = skew
        self.latest: str | None = None
        self.known: dict[str, Op] = {}
        self.winners: dict = {}
        self.files: list[list[Op]] = []
        self.serial = 0

    def receive(self, ops: list[Op]) -> None:
        self.winners_before = dict(self.winners)
        merge.apply(self.winners, ops)
        for op in ops:
            self.known[op.op_id] = op
            self.latest = max(self.latest or "", op.hlc)

    def make(self, now: int, field: str, policy: str, item: str, value, **extra) -> Op:
        self.latest = clock.tick(self.latest, now + self.skew, self.id)
        self.serial += 1
        op = Op(f"{int(self.id, 16):08x}{self.serial:08x}", self.id, self.name, self.latest,
                field, policy, item, value, **extra)  # fmt: skip
        self.receive([op])
        return op

    def note(self, policy: str) -> merge.Note:
        return merge.note(
            o for o in self.known.values() if o.field == "note" and o.policy == policy
        )


def _edit(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    choice = rng.randrange(3)
    if choice == 0 or not lines:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(NOTE_LINES))
    elif choice == 1:
        lines[rng.randrange(len(lines))] = rng.choice(NOTE_LINES) + " (edited)"
    else:
        del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def _act(device: Device, now: int, rng: random.Random) -> Op:
    policy = rng.choice(POLICIES)
    kind = rng.randrange(5)
    if kind == 0:
        return device.make(now, "done", policy, rng.choice(ITEMS), rng.random() < 0.6)
    if kind == 1:
        return device.make(now, "status", policy, "", rng.choice(("drafting", "adopted")))
    if kind == 2:
        return device.make(now, "owner", policy, "", rng.choice(("", "Ana", "Ben")))
    current = device.note(policy)
    return device.make(now, "note", policy, "", _edit(current.text, rng), parents=current.heads)


def _simulate(seed: int, devices: int, steps: int):
    rng = random.Random(seed)
    laptops = [Device(n + 1, rng.randint(-DAY_MS, DAY_MS)) for n in range(devices)]
    now = START
    all_ops: list[Op] = []
    for _ in range(steps):
        now += rng.randint(1, 120_000)
        laptop = rng.choice(laptops)
        batch = [_act(laptop, now, rng) for _ in range(rng.randint(1, 3))]
        laptop.files.append(batch)
        all_ops += batch
        for _ in range(rng.randint(0, 3)):  # a sync tool delivers some file, maybe again
            sender, receiver = rng.choice(laptops), rng.choice(laptops)
            if sender.files:
                receiver.receive(rng.choice(sender.files))
    for receiver in laptops:  # in the end every file reaches everyone, in any order, some twice
        files = [f for sender in laptops for f in sender.files]
        rng.shuffle(files)
        for each in files + files[: len(files) // 3]:
            receiver.receive(each)
    return laptops, all_ops


def _state(device: Device):
    notes = {p: device.note(p) for p in POLICIES}
    return device.winners, {p: (n.text, n.conflicted, set(n.heads)) for p, n in notes.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), devices=st.integers(2, 5), steps=st.integers(1, 40))
def test_every_device_converges_whatever_the_delivery_order(seed, devices, steps):
    laptops, all_ops = _simulate(seed, devices, steps)
    first = _state(laptops[0])
    for other in laptops[1:]:
        assert _state(other) == first
    whole = merge.fold(all_ops)
    assert first[0] == whole.winners
    assert {p: whole.notes[p].text for p in whole.notes} == {p: first[1][p][0] for p in whole.notes}


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32), devices=st.integers(2, 5), steps=st.integers(1, 40))
def test_no_acknowledged_change_is_lost(seed, devices, steps):
    laptops, all_ops = _simulate(seed, devices, steps)
    winners = laptops[0].winners
    for op in all_ops:
        if op.field == "note":
            continue
        # Every change either is what everyone shows, or was overtaken by a later one.
        assert winners[op.target].order >= op.order
    by_policy: dict[str, list[Op]] = {}
    for op in all_ops:
        if op.field == "note":
            by_policy.setdefault(op.policy, []).append(op)
    for note_ops in by_policy.values():
        merged = merge.note(note_ops)
        for head in (o for o in note_ops if o.op_id in merged.heads):
            added = set(str(head.value).splitlines()) - set(merged.base.splitlines())
            for line in added:
                assert line in merged.text  # what every version added survives the merge


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_apply_is_commutative_associative_and_idempotent(seed):
    _, all_ops = _simulate(seed, 3, 25)
    rng = random.Random(seed)
    cut1, cut2 = sorted(rng.sample(range(len(all_ops) + 1), 2)) if len(all_ops) > 1 else (0, 0)
    a, b, c = all_ops[:cut1], all_ops[cut1:cut2], all_ops[cut2:]

    def run(*parts):
        table: dict = {}
        for part in parts:
            merge.apply(table, part)
        return table

    assert run(a, b, c) == run(c, b, a) == run(b, a, c)  # commutative and associative
    assert run(a, b, c, a, b, c) == run(a, b, c)  # idempotent
    assert merge.fold(all_ops + all_ops[:5]).winners == run(all_ops)


def _op(n: int, device: str, ms: int, value, parents=(), member="Ana") -> Op:
    return Op(f"{n:016x}", device, member, clock.encode(ms, 0, device), "note", "p", "", value,
              tuple(parents))  # fmt: skip


def test_later_untick_wins_over_an_earlier_tick_from_another_device():
    tick = Op("1" * 16, "a" * 16, "Ana", clock.encode(START, 0, "a" * 16), "done", "p", "i", True)
    untick = Op("2" * 16, "b" * 16, "Ben", clock.encode(START + 5, 0, "b" * 16), "done", "p", "i", False)  # fmt: skip
    for order in ([tick, untick], [untick, tick]):
        assert merge.fold(order).winners[("done", "p", "i")].value is False


def test_concurrent_note_edits_on_separate_lines_merge_cleanly():
    base = _op(1, "a" * 16, START, "one\ntwo\nthree\n")
    ana = _op(2, "a" * 16, START + 1, "ONE\ntwo\nthree\n", [base.op_id])
    ben = _op(3, "b" * 16, START + 2, "one\ntwo\nTHREE\n", [base.op_id], "Ben")
    for order in ([base, ana, ben], [ben, ana, base]):
        merged = merge.note(order)
        assert merged.text == "ONE\ntwo\nTHREE\n"
        assert not merged.conflicted
        assert set(merged.heads) == {ana.op_id, ben.op_id}


def test_overlapping_note_edits_keep_both_versions_and_mark_the_note():
    base = _op(1, "a" * 16, START, "Budget due in March.\n")
    ana = _op(2, "a" * 16, START + 1, "Budget due in April.\n", [base.op_id])
    ben = _op(3, "b" * 16, START + 2, "Budget due in May.\n", [base.op_id], "Ben")
    merged = merge.note([ben, base, ana])
    assert merged.conflicted
    assert "Budget due in April." in merged.text and "Budget due in May." in merged.text
    assert "Ana's" in merged.text and "Ben's" in merged.text
    resolved = _op(4, "b" * 16, START + 3, "Budget due in May.\n", merged.heads, "Ben")
    again = merge.note([ben, base, ana, resolved])
    assert (again.text, again.conflicted) == ("Budget due in May.\n", False)


def test_clock_runs_ahead_of_a_reading_from_a_fast_laptop():
    fast = clock.tick(None, START + DAY_MS, "a" * 16)
    mine = clock.tick(fast, START, "b" * 16)  # this laptop's clock is a day behind
    assert mine > fast
    assert clock.decode(mine)[0] == START + DAY_MS
