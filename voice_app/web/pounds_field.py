"""A form field for money: pounds typed as text ("£12.50", "12.5", "£1,200") become whole pence,
never floats. Shared by every area's forms."""

from __future__ import annotations

from wtforms import StringField

from voice_app.errors import InputError
from voice_app.payments.amounts import MOST_PENCE, pence_text, pounds_to_pence


class PoundsField(StringField):
    """Pounds as text in the form ("20.50", "£1,200"); `data` is whole pence, or None if empty
    and `optional`. A bad amount is an error on this field."""

    def __init__(
        self,
        label=None,
        validators=None,
        optional: bool = False,
        most: int = MOST_PENCE,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.optional = optional
        self.most = most

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text and self.optional:
            self.data = None
            return
        try:
            self.data = pounds_to_pence(text, self.name, most=self.most)
        except InputError as exc:
            self.data = None
            raise ValueError(str(exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else pence_text(self.data)
