from .bodies import VOTING_ROLES, Body, BodyMember, MemberApplication, MemberCall, MemberRole
from .meetings import AgendaDocument, AgendaItem, Attendance, Invitation, Meeting, Resolution
from .persons import PERSONAL_DATA_FIELDS, LegalBasis, Person
from .privacy import PersonAccess

__all__ = [
    "PERSONAL_DATA_FIELDS",
    "VOTING_ROLES",
    "AgendaDocument",
    "AgendaItem",
    "Attendance",
    "Body",
    "BodyMember",
    "Invitation",
    "LegalBasis",
    "Meeting",
    "MemberApplication",
    "MemberCall",
    "MemberRole",
    "Person",
    "PersonAccess",
    "Resolution",
]
