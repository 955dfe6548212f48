"""Shapes of text intake: the SMS gateway webhook."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.validation import PastDatetime


class SmsIn(BaseModel):
    """One inbound SMS as a gateway posts it."""

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "from": "+6281234567890",
                    "text": "LAPOR jalan desa Karanglewas rusak parah",
                    "id": "gw-8812",
                }
            ]
        },
    )

    sender: str = Field(alias="from", pattern=r"^\+?[0-9]{3,15}$")
    text: str = Field(min_length=1, max_length=2000)
    id: str | None = Field(
        default=None, max_length=100, description="the gateway's message id, for idempotency"
    )
    received_at: PastDatetime | None = Field(default=None, description="when the gateway received it")


class SmsReply(BaseModel):
    tracking_number: str
    created: bool
    reply: str = Field(description="text the gateway should send back to the reporter")
