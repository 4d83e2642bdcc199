"""Generated files written or checked (devtools/generated_file.py)."""

from devtools.generated_file import write_or_check


def test_a_file_is_written_then_found_current_then_stale(tmp_path, capsys):
    target = tmp_path / "made.txt"
    assert write_or_check(target, "a\n", "devtools.x", check=True, written="1 line") == 1  # missing
    assert write_or_check(target, "a\n", "devtools.x", check=False, written="1 line") == 0
    assert target.read_text(encoding="utf-8") == "a\n" and "1 line" in capsys.readouterr().out
    assert write_or_check(target, "a\n", "devtools.x", check=True, written="1 line") == 0
    assert write_or_check(target, "b\n", "devtools.x", check=True, written="1 line") == 1
    assert "python -m devtools.x" in capsys.readouterr().err
