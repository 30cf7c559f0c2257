"""Council work: the council information system's objects imported through OParl, and the
links of planning documents to official papers."""

from wegweiser.council.models.inquiries import Inquiry
from wegweiser.council.models.oparl import (
    AgendaItem,
    Committee,
    CouncilBody,
    CouncilMeeting,
    OParlSource,
    Paper,
    PaperLink,
)

__all__ = [
    "AgendaItem",
    "Committee",
    "CouncilBody",
    "CouncilMeeting",
    "Inquiry",
    "OParlSource",
    "Paper",
    "PaperLink",
]
