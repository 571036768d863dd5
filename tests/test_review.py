"""`copydesk review`, driven end to end through a pseudo-terminal with scripted keys."""

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS

SEED = SEEDS / "000_86c9ae3965a11941.txt"
PROMPT = "[y,n,e,a,r,v,u,q,x,?] "
HEADER = re.compile(r"\[\d+/\d+\] (\S+) .*\(line \d+, (\w+) fix\)")


def _exe() -> str:
    exe = Path(sys.executable).with_name("copydesk")
    return str(exe)


def drive(args, answer, cwd, term="xterm", timeout=120):
    """Run `copydesk review` in a pseudo-terminal; `answer(screen_since_last_key)` gives each key,
    and each replacement text when review asks for one (sent as a line)."""
    env = dict(os.environ, TERM=term, NO_COLOR="1", COLUMNS="120")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command, its terminal the pty (120 columns, as a window)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.chdir(cwd)
        os.execve(_exe(), [_exe(), "review", *args], env)
    out, since = b"", 0
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            os.kill(pid, 9)
            raise TimeoutError(out[-800:].decode("utf-8", "replace"))
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        screen = out.decode("utf-8", "replace")
        asks_line = screen.rstrip().endswith("replacement:")
        if (screen.rstrip().endswith(PROMPT.strip()) or asks_line) and len(screen) > since:
            key = answer(screen[since:])
            since = len(screen)
            os.write(fd, (key + ("\n" if term == "dumb" or asks_line else "")).encode())
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def safe_yes(screen: str) -> str:
    heads = HEADER.findall(screen)
    return "y" if heads and heads[-1][1] == "safe" else "n"


def test_yes_to_every_safe_fix_gives_what_fix_gives(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(SEED, a / "seed.txt")
    shutil.copy(SEED, b / "seed.txt")
    (a / "seed.txt").chmod(0o644)
    (b / "seed.txt").chmod(0o644)
    code, screen = drive(["seed.txt"], safe_yes, a)
    assert code == 0, screen[-1500:]
    subprocess.run([_exe(), "fix", "--no-cache", "seed.txt"], cwd=b, capture_output=True)
    assert (a / "seed.txt").read_text(encoding="utf-8") == (b / "seed.txt").read_text(encoding="utf-8")
    assert "Review done:" in screen and "file saved" in screen


def test_v_teaches_a_name(tmp_path):
    p = tmp_path / "names.txt"
    p.write_text("Minister Mikayil Jabbarov spoke. Jabbarov said trade grew. Later Jabarov left.\n")

    def answer(screen):
        return "v" if "CD102" in screen else "n"

    code, screen = drive(["names.txt"], answer, tmp_path)
    assert code == 0, screen[-1500:]
    assert (tmp_path / "vocabulary.txt").read_text().splitlines() == ["Jabarov"]
    again = subprocess.run(
        [_exe(), "check", "--no-cache", "--format", "json", "names.txt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "CD102" not in again.stdout
    assert "1 word added to the vocabulary" in screen


def test_x_quits_without_saving_and_u_undoes(tmp_path):
    p = tmp_path / "d.txt"
    text = "Both sides,including Baku,signed.\n"
    p.write_text(text)
    keys = iter(["y", "u", "n", "y"])
    code, screen = drive(["d.txt"], lambda s: next(keys, "q"), tmp_path)
    assert code == 0
    # first comma accepted then undone, then skipped; second accepted
    assert p.read_text() == "Both sides,including Baku, signed.\n"
    # `x` after accepting a change: nothing is written
    p.write_text(text)
    keys = iter(["y", "x"])
    code, screen = drive(["d.txt"], lambda s: next(keys, "x"), tmp_path)
    assert code == 0 and "unchanged" in screen
    assert p.read_text() == text


def test_edit_and_help_on_a_dumb_terminal(tmp_path):
    """TERM=dumb: prompts read a line each; `?` shows the help, `e` asks for the replacement."""
    p = tmp_path / "d.txt"
    p.write_text("Both sides,including Baku.\n")
    script = iter(["?", "e", "; ", "q"])
    code, screen = drive(["d.txt"], lambda _: next(script, "q"), tmp_path, term="dumb")
    assert code == 0
    assert "accept this change everywhere" in screen  # the help was shown
    assert p.read_text() == "Both sides; including Baku.\n"  # the edited replacement was applied


def test_refuses_without_a_terminal(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("Both sides,including Baku.\n")
    r = subprocess.run([_exe(), "review", str(p)], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert r.returncode == 2 and "copydesk fix" in r.stderr
    assert p.read_text() == "Both sides,including Baku.\n"
