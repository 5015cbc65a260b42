"""The command line as a person runs it: real processes, real exit codes, no tracebacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.shell.config import DEFAULT_CONTENT_DIR


def run(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean | env,
    )


def test_check_content_passes_with_a_summary():
    result = run("check-content")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("content OK")
    assert (
        "terms in" in result.stdout
        and "tips" in result.stdout
        and "reading grade: median" in result.stdout
    )


def test_check_content_fails_clearly_on_a_broken_file(tmp_path: Path):
    broken = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, broken)
    glossary = broken / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace("    short: Myeloma that has come back", "    shrt: x", 1)
    )
    (broken / "messages.yaml").write_text("welcome: [unclosed\n")
    result = run("check-content", BOT_CONTENT_DIR=str(broken))
    assert result.returncode == 2
    assert f"{broken}/glossary.yaml: terms[0].short: missing" in result.stderr
    assert f"{broken}/messages.yaml: line 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_token_is_one_clear_line():
    result = run()
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "TELEGRAM_BOT_TOKEN" in result.stderr


def test_bot_refuses_to_start_on_broken_content(tmp_path: Path):
    result = run(TELEGRAM_BOT_TOKEN="1:x", BOT_CONTENT_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "glossary.yaml: file is missing" in result.stderr and "Traceback" not in result.stderr


def test_piped_demo_shows_definitions_and_comparison_each_with_the_pointer():
    result = run("demo", stdin="/define relapsed\n/define refactory\n/compare\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "bot › Relapsed\n" in out
        and "bot › Refractory\n" in out
        and "bot › Relapsed or refractory?" in out
    )
    assert " ".join(out.split()).count("Please ask your care team") == 3
    assert "<b>" not in out  # HTML shown as plain text
    assert "Traceback" not in result.stderr and result.stderr.strip() == ""


def test_demo_buttons_are_pressed_by_number():
    result = run("demo", stdin="/start\n2\n")
    assert result.returncode == 0, result.stderr
    assert "[2] ⚖️ Relapsed or refractory?" in result.stdout
    assert "bot › Relapsed or refractory?" in result.stdout


def test_demo_wraps_buttons_at_the_terminal_width():
    result = run("demo", stdin="/terms\n1\n", COLUMNS="50")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "[1]" in line or "[3]" in line]
    assert rows and all(len(line) <= 50 for line in rows)
    assert "[2] How the myeloma responds to treatment" in result.stdout  # a row each
    assert "bot (edited) › How the myeloma is behaving" in result.stdout  # topics edit


def test_demo_group_chat_with_mentions_replies_and_admin_only_commands():
    lines = [
        "/group",
        "what is refractory",  # chatter: left alone
        "hey @bot what is refractory",
        "> thanks",
        "/subscribe 8",  # not an admin yet
        "/admin on",
        "/subscribe 8",
        "/private",
        "/mydata",
    ]
    result = run("demo", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "The bot stays quiet" in out
    assert "bot › Refractory" in out and "Read more in a private chat" in out
    assert out.count("only the group's admins can change the daily tips") == 1
    assert "You are an admin of the group" in out and "Which time zone are you in?" in out
    assert "Traceback" not in result.stderr


def test_demo_inline_mode_lists_results_and_sends_the_one_picked():
    result = run("demo", stdin="@bot refractory\n1\n")
    assert result.returncode == 0, result.stderr
    assert "(inline results: type a number to send one to the chat)" in result.stdout
    assert "[1] Refractory:" in result.stdout
    assert "you via @MyelomaWordsBot › Refractory" in result.stdout


def test_demo_keeps_saved_questions_between_runs_with_db_and_a_key(tmp_path: Path):
    from cryptography.fernet import Fernet

    key, db = Fernet.generate_key().decode(), str(tmp_path / "demo.sqlite3")
    first = run(
        "demo", "--db", db, stdin="/questions add Can I travel in May?\n", BOT_DATA_KEY=key
    )
    assert first.returncode == 0, first.stderr
    again = run("demo", "--db", db, stdin="/questions\n", BOT_DATA_KEY=key)
    assert "1. Can I travel in May?" in again.stdout
    assert b"travel" not in (tmp_path / "demo.sqlite3").read_bytes()


def test_the_demo_saves_a_question_from_the_redirect_it_quotes():
    result = run("demo", stdin="can I take ibuprofen with my chemo?\n1\n/questions\n")
    assert "1. can I take ibuprofen with my chemo?" in result.stdout


def test_a_throw_away_demo_can_save_questions_without_a_key():
    result = run("demo", stdin="/questions add Can I travel?\n/questions\n")
    assert "1. Can I travel?" in result.stdout and "Traceback" not in result.stderr


def test_demo_never_touches_the_real_database(tmp_path: Path):
    real = tmp_path / "real.sqlite3"
    result = run("demo", stdin="/subscribe 8:30\n/mydata\n", BOT_DB_PATH=str(real))
    assert result.returncode == 0, result.stderr
    assert "08:30" in result.stdout
    assert not real.exists()


def test_a_database_from_a_newer_bot_is_one_clear_line_and_left_alone(tmp_path: Path):
    import sqlite3

    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE keep (x)")
        db.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    result = run(TELEGRAM_BOT_TOKEN="1:x", BOT_DB_PATH=str(path))
    assert result.returncode == 2
    assert "newer version of this bot" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_triage_labels_each_line():
    result = run(
        "triage", stdin="fever 38.6 and shaking\nshould I skip dex?\nwhat does relapsed mean\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["emergency", "clinical", "general"]


def test_triage_explain_names_the_rules():
    result = run("triage", "--explain", stdin="should I skip dex?\nhello\n")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("clinical\t") and "asks-what-to-do" in lines[0]
    assert lines[1].startswith("general\t") and "greeting" in lines[1]


def test_triage_evaluate_prints_matrix_misses_and_figures(tmp_path: Path):
    cases = tmp_path / "cases.tsv"
    cases.write_text(
        "label\ttext\nemergency\tfever 39\ngeneral\tshould I stop dex\n", encoding="utf-8"
    )
    result = run("triage", "--evaluate", str(cases))
    assert result.returncode == 0, result.stderr
    assert "expected \\ got" in result.stdout
    assert "line 3: expected general, got clinical" in result.stdout
    assert "safety recall" in result.stdout and "emergency recall: 1.000" in result.stdout
    assert "false positives on general messages: 1.000" in result.stdout


def test_triage_evaluate_names_a_bad_line(tmp_path: Path):
    cases = tmp_path / "cases.tsv"
    cases.write_text("label\ttext\nurgent\tfever\n", encoding="utf-8")
    result = run("triage", "--evaluate", str(cases))
    assert (
        result.returncode == 2
        and "line 2: label must be" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_backup_command(tmp_path: Path):
    import sqlite3

    db = tmp_path / "bot.sqlite3"
    run("demo", stdin="", BOT_DB_PATH=str(db))  # the demo never writes it…
    with sqlite3.connect(db) as conn:  # …so make a real one
        conn.executescript(
            (Path(__file__).parent.parent / "migrations" / "0001_subscriptions.sql").read_text()
        )
        conn.execute("INSERT INTO subscriptions (chat_id, chat_type) VALUES (5, 'private')")
    result = run("backup", str(tmp_path / "copy.sqlite3"), BOT_DB_PATH=str(db))
    assert result.returncode == 0, result.stderr
    assert "(1 chats)" in result.stdout
    again = run("backup", str(tmp_path / "copy.sqlite3"), BOT_DB_PATH=str(db))
    assert (
        again.returncode == 2
        and "already exists" in again.stderr
        and "Traceback" not in again.stderr
    )


@pytest.mark.parametrize("source", ["/dev/null", "a file"])
def test_the_demo_ends_cleanly_on_empty_input_or_a_file(tmp_path: Path, source: str):
    # `make demo </dev/null` used to hang with an asyncio traceback: epoll refuses
    # /dev/null and regular files
    path = Path("/dev/null") if source == "/dev/null" else tmp_path / "words.txt"
    if source == "a file":
        path.write_text("/define relapsed\n", encoding="utf-8")
    with path.open(encoding="utf-8") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "demo"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))},
        )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if source == "a file":
        assert "bot › Relapsed\n" in result.stdout
