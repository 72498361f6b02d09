"""The compile cache answers a library's compile() of embedded source from a file, and never
changes what the code does: other names pass through, new source is compiled afresh, a damaged
file is ignored, and compile() is itself again after the block."""

import builtins

import pytest

from nsp_desktop.core.compile_cache import CompileCache, cache_file

SOURCE = b"from __future__ import annotations\nVALUE = 6 * 7\n"


def compile_and_run(cache: CompileCache, source=SOURCE, name="shibokensupport/x.py") -> dict:
    namespace: dict = {}
    with cache.active():
        exec(compile(source, name, "exec"), namespace)
    return namespace


def test_a_second_start_takes_the_code_from_the_file(tmp_path):
    path = cache_file(tmp_path)
    first = CompileCache(path)
    assert compile_and_run(first)["VALUE"] == 42
    assert first.hits == 0
    first.save()
    second = CompileCache(path)
    assert compile_and_run(second)["VALUE"] == 42
    assert second.hits == 1


def test_nothing_is_written_when_nothing_was_compiled(tmp_path):
    path = cache_file(tmp_path)
    CompileCache(path).save()
    assert not path.exists()
    cache = CompileCache(path)
    compile_and_run(cache)
    cache.save()
    written = path.stat().st_mtime_ns
    again = CompileCache(path)
    compile_and_run(again)
    again.save()
    assert path.stat().st_mtime_ns == written


def test_changed_source_is_compiled_again(tmp_path):
    path = cache_file(tmp_path)
    cache = CompileCache(path)
    compile_and_run(cache)
    cache.save()
    newer = CompileCache(path)
    assert compile_and_run(newer, source=b"VALUE = 7\n")["VALUE"] == 7
    assert newer.hits == 0


def test_other_names_pass_through_untouched(tmp_path):
    cache = CompileCache(cache_file(tmp_path))
    compile_and_run(cache, name="<string>")
    compile_and_run(cache, name="mine.py")
    cache.save()
    assert not cache.path.exists()


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"NSPcc1\x00\x00\x00\x00\xff\xfe", "cut short", "flipped"],
)
def test_a_damaged_file_is_ignored(tmp_path, damage):
    path = cache_file(tmp_path)
    cache = CompileCache(path)
    compile_and_run(cache)
    cache.save()
    good = path.read_bytes()
    if damage == "cut short":
        damage = good[: len(good) // 2]
    elif damage == "flipped":  # still loads, but 42 has become 43: only the checksum tells
        damage = good.replace(b"*\x00\x00\x00", b"+\x00\x00\x00", 1)
        assert damage != good
    path.write_bytes(damage)
    again = CompileCache(path)
    assert compile_and_run(again)["VALUE"] == 42
    assert again.hits == 0


def test_the_callers_future_flags_are_kept(tmp_path):
    """compile() inherits the caller's `from __future__` flags: the cached code must too."""
    cache = CompileCache(cache_file(tmp_path))
    source = b"def f(x: undefined_name): pass\n"
    # This module has no `annotations` future: the annotation is evaluated, and fails.
    with pytest.raises(NameError):
        compile_and_run(cache, source=source)
    caller = "from __future__ import annotations\ncode = compile(SOURCE, 'shibokensupport/y.py', 'exec')\n"
    namespace = {"SOURCE": source}
    with cache.active():
        exec(compile(caller, "caller.py", "exec"), namespace)
    exec(namespace["code"], namespace)  # under the caller's flags the annotation is a string
    assert namespace["f"].__annotations__ == {"x": "undefined_name"}


def test_compile_is_restored_even_when_the_block_fails(tmp_path):
    real = builtins.compile
    cache = CompileCache(cache_file(tmp_path))
    with pytest.raises(RuntimeError), cache.active():
        assert builtins.compile is not real
        raise RuntimeError
    assert builtins.compile is real


def test_an_unreadable_cache_folder_only_costs_the_compiling(tmp_path):
    cache = CompileCache(tmp_path / "missing" / "compiled.bin")
    assert compile_and_run(cache)["VALUE"] == 42
    with pytest.raises(OSError):
        cache.save()  # the caller decides; the app saves only after its first paint


def test_a_seed_the_install_carries_answers_a_very_first_start(tmp_path):
    seed = cache_file(tmp_path / "install" / "compiled")
    seed.parent.mkdir(parents=True)
    made = CompileCache(seed)
    compile_and_run(made)
    made.save()
    own = cache_file(tmp_path / "cache")
    first = CompileCache(own, seed=seed)
    assert compile_and_run(first)["VALUE"] == 42 and first.hits == 1
    first.save()
    assert not own.exists()  # nothing new was compiled: nothing to write


def test_the_persons_own_cache_comes_before_the_seed_and_a_bad_seed_costs_only_compiling(tmp_path):
    seed = cache_file(tmp_path / "seed")
    seed.parent.mkdir()
    seed.write_bytes(b"NSPcc1 damaged")
    own = cache_file(tmp_path / "cache")
    own.parent.mkdir()
    cache = CompileCache(own, seed=seed)
    assert compile_and_run(cache)["VALUE"] == 42 and cache.hits == 0
    cache.save()  # compiled here: kept in the person's own file
    again = CompileCache(own, seed=tmp_path / "no-such-seed.bin")
    assert compile_and_run(again)["VALUE"] == 42 and again.hits == 1
