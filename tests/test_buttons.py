import pytest

from bot.core.buttons import Action, decode, encode


@pytest.mark.parametrize(
    ("action", "arg"), [(Action.DEFINE, "relapsed"), (Action.COMPARE, ""), (Action.TERMS, "")]
)
def test_round_trip(action: Action, arg: str):
    assert decode(encode(action, arg)) == (action, arg)


def test_data_over_64_bytes_is_refused_when_made():
    with pytest.raises(ValueError, match="64 bytes"):
        encode(Action.DEFINE, "x" * 64)


@pytest.mark.parametrize(
    "data", [None, "", "1", "2:d:relapsed", "1:??", "1:d", "1:cmp:extra", "1:d:" + "é" * 40]
)
def test_what_we_did_not_make_decodes_to_none(data):
    assert decode(data) is None
