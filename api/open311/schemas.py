"""The Open311 GeoReport v2 service request a partner's client POSTs, as form fields.

Each field is checked against what the store can hold (the columns' sizes, a region the gazetteer knows)
before anything is written; an unknown `service_code` is the service's to refuse (it reads the taxonomy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from api.errors import InvalidInput
from api.validation import RegionCode, refuse_nul_in_fields

NAME_MAX = 99  # each of first_name and last_name: joined by a space they fit the name column (200)
DEVICE_ID_MAX = 64  # kept in the complaint's external reference (128) beside a 40-character digest
PHONE_PATTERN = r"^\+?[0-9]{3,15}$"  # as the SMS webhook and recordings accept (ASCII digits only)
DESCRIPTION_MIN, DESCRIPTION_MAX = 3, 20_000


def _phone(value: str) -> str:
    if not re.fullmatch(PHONE_PATTERN, value):  # ASCII digits only: "١٢٣" is no number to call back
        raise PydanticCustomError("phone", "must be 3 to 15 digits, optionally with a leading +")
    return value


class ServiceRequestIn(BaseModel):
    """The fields Suara reads; other GeoReport fields (lat, long, email, media_url …) are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, populate_by_name=True)

    service_code: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX)
    first_name: str | None = Field(default=None, max_length=NAME_MAX)
    last_name: str | None = Field(default=None, max_length=NAME_MAX)
    phone: Annotated[str, AfterValidator(_phone)] | None = None
    device_id: str | None = Field(default=None, max_length=DEVICE_ID_MAX)
    region_code: Annotated[RegionCode | None, Field(alias="attribute[region_code]")] = None

    @model_validator(mode="before")
    @classmethod
    def _plain_fields(cls, form: Any) -> Any:
        """No NUL in any field (a multipart body never passes the app-wide check); empty means absent."""
        if not isinstance(form, Mapping):
            return form
        refuse_nul_in_fields(form)
        return {k: v for k, v in form.items() if not (isinstance(v, str) and not v.strip())}

    @property
    def reporter_name(self) -> str | None:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or None


def parse_request(form: Mapping[str, str]) -> ServiceRequestIn:
    """The POSTed fields as a ServiceRequestIn, or InvalidInput naming the first bad field."""
    try:
        return ServiceRequestIn.model_validate(dict(form))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        raise InvalidInput(f"{where}: {first['msg']}") from None
