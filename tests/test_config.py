import pytest

from bot.shell.config import DEFAULT_API_BASE_URL, ConfigError, Secret, settings_from_env


def test_defaults_with_a_token():
    s = settings_from_env({"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert s.token.reveal() == "1:abc"
    assert s.api_base_url == DEFAULT_API_BASE_URL
    assert s.rate_limiter is True and s.admin_ids == frozenset()


def test_every_variable_is_read():
    s = settings_from_env(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "BOT_DB_PATH": "/tmp/x.db",
            "BOT_CONTENT_DIR": "/tmp/content",
            "BOT_ADMIN_IDS": "12, 34",
            "BOT_RATE_LIMITER": "off",
            "LOG_LEVEL": "debug",
        }
    )
    assert s.api_base_url == "http://127.0.0.1:8081/bot"
    assert str(s.db_path) == "/tmp/x.db" and str(s.content_dir) == "/tmp/content"
    assert s.admin_ids == {12, 34} and s.rate_limiter is False and s.log_level == "DEBUG"


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as info:
        settings_from_env(
            {"BOT_ADMIN_IDS": "12,bob", "BOT_RATE_LIMITER": "maybe", "LOG_LEVEL": "LOUD"}
        )
    text = "\n".join(info.value.problems)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_ADMIN_IDS", "BOT_RATE_LIMITER", "LOG_LEVEL"):
        assert name in text
    assert len(info.value.problems) == 4


def test_token_not_needed_for_the_demo():
    assert not settings_from_env({}, require_token=False).token


def test_secret_never_shows_itself():
    secret = Secret("123:very-secret")
    assert "very-secret" not in repr(secret) and "very-secret" not in str(secret)
    assert "very-secret" not in repr(settings_from_env({"TELEGRAM_BOT_TOKEN": "123:very-secret"}))


def test_the_backlog_bound_is_read_and_checked():
    assert settings_from_env({"TELEGRAM_BOT_TOKEN": "1:a"}).max_backlog == 256
    assert (
        settings_from_env({"TELEGRAM_BOT_TOKEN": "1:a", "BOT_MAX_BACKLOG": "64"}).max_backlog == 64
    )
    for bad in ("0", "lots", "²", "-3"):
        with pytest.raises(ConfigError) as info:
            settings_from_env({"TELEGRAM_BOT_TOKEN": "1:a", "BOT_MAX_BACKLOG": bad})
        assert info.value.problems[0].startswith("BOT_MAX_BACKLOG")


@pytest.mark.parametrize("port", ["²", "٣", "8443x"])
def test_a_port_in_odd_digits_is_a_clear_problem_not_a_crash(port: str):
    with pytest.raises(ConfigError) as info:
        settings_from_env({"TELEGRAM_BOT_TOKEN": "1:a", "BOT_WEBHOOK_PORT": port})
    assert info.value.problems == [f"BOT_WEBHOOK_PORT must be a port number, not {port!r}"]
