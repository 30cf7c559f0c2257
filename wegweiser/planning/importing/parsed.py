"""One value read from an import file, before its key and indicator are resolved."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(slots=True)
class ParsedValue:
    file: str
    row: int
    key: str  # 8-digit municipality key (AGS) or 5-digit district key
    indicator: str  # indicator code (template) or GENESIS value code
    date: datetime.date
    value: Decimal
    breakdown: str = ""
    part: str = ""
    note: str = ""
    column: str = ""  # the column the value came from (for the report)
    key_column: str = ""
    indicator_column: str = ""
    by_genesis_code: bool = False
