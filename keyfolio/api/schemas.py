"""What the API reads and writes, as the OpenAPI schema shows it."""

from datetime import date, datetime

from ninja import Field, Schema

from keyfolio.method import DEFAULT_GOAL, Zone


class AssessmentSummary(Schema):
    id: int
    assessed_on: date
    client_index: float | None = Field(description="Client attractiveness, 0–100.")
    our_index: float | None = Field(description="Our position with the client, 0–100.")
    zone: str | None = Field(
        description="key, target, maintain or reconsider; null if off the square."
    )
    completeness: float


class AccountOut(Schema):
    id: int
    name: str
    segment: str
    industry: str
    country: str
    website: str
    currency: str
    tax_id: str = Field(description="The client's taxpayer number (ИНН).")
    description: str
    owner: str | None = Field(description="The account manager's e-mail.")
    team: list[str] = Field(description="The e-mails of the account team.")
    goal_min_zone: Zone
    goal_max_zone: Zone
    forecast_client_index: float | None
    forecast_our_index: float | None
    parent: int | None
    stage: str
    external_id: str = Field(description="The CRM's id of the account, if imported.")
    source: str = Field(description="The CRM it was imported from (keyfolio import).")
    assessment: AssessmentSummary | None = Field(description="The current assessment.")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AccountPage(Schema):
    items: list[AccountOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class AccountPatch(Schema):
    """The fields to change; those left out stay as they are."""

    name: str | None = None
    segment: str | None = None
    industry: str | None = None
    country: str | None = None
    website: str | None = None
    currency: str | None = None
    tax_id: str | None = None
    description: str | None = None
    owner: str | None = Field(None, description="A manager's e-mail.")
    team: list[str] | None = Field(None, description="The whole team, as e-mails.")
    goal_min_zone: Zone | None = None
    goal_max_zone: Zone | None = None
    forecast_client_index: float | None = None
    forecast_our_index: float | None = None
    parent: int | None = None


class AccountIn(Schema):
    name: str
    segment: str = ""
    industry: str = ""
    country: str = ""
    website: str = ""
    currency: str = Field("", description="Three letters; the workspace's when left out.")
    tax_id: str = Field("", description="The client's taxpayer number (ИНН).")
    description: str = ""
    owner: str | None = Field(
        None, description="A manager's e-mail; the token's person if left out."
    )
    team: list[str] = Field(default_factory=list, description="E-mails of members.")
    goal_min_zone: Zone = DEFAULT_GOAL.minimum
    goal_max_zone: Zone = DEFAULT_GOAL.maximum
    forecast_client_index: float | None = None
    forecast_our_index: float | None = None
    parent: int | None = None
