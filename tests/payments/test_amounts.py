import pytest

from voice_app.errors import InputError
from voice_app.payments.amounts import pence_text, pounds_to_pence


@pytest.mark.parametrize(
    "text, pence",
    [
        ("20", 2000),
        ("20.5", 2050),
        ("20.05", 2005),
        ("£1,200.50", 120050),
        (" £ 7.99 ", 799),
        ("0", 0),
        ("1200", 120000),
    ],
)
def test_pounds_become_whole_pence(text, pence):
    amount = pounds_to_pence(text)
    assert amount == pence and isinstance(amount, int)


@pytest.mark.parametrize(
    "text", ["abc", "-1", "20.005", "", "20.", "1,20", "12,00.00", "1e3", "20 50", "£-5"]
)
def test_anything_else_is_refused_on_its_field(text):
    with pytest.raises(InputError) as refused:
        pounds_to_pence(text, "hourly_rate_pence")
    assert refused.value.field == "hourly_rate_pence"


def test_more_than_the_most_is_refused():
    assert pounds_to_pence("1,000", most=100_000) == 100_000
    with pytest.raises(InputError, match="£1,000"):
        pounds_to_pence("1,000.01", most=100_000)


def test_pence_text_reads_back_in():
    for pence in (0, 5, 2000, 120050):
        assert pounds_to_pence(pence_text(pence)) == pence
