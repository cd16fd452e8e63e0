"""The data model: every table, grouped by area. Import models from here."""

from voice_app.models.base import utcnow
from voice_app.models.calls import (
    Call,
    CallDirection,
    Comment,
    FeedbackStatus,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    ShoppingItem,
    ShoppingStatus,
    Transcript,
)
from voice_app.models.meetings import (
    ListeningTime,
    Meeting,
    MeetingKind,
    Paper,
    PaperSection,
    PaperStatus,
    ReadingPosition,
    SpeechRendition,
)
from voice_app.models.ops import (
    AuditEntry,
    Job,
    JobStatus,
    OutboundAttempt,
    OutboundKind,
    OutboundMessage,
)
from voice_app.models.payments import (
    Attendance,
    AttendanceMethod,
    ConferenceLeg,
    ExpenseClaim,
    Payment,
    PaymentPolicy,
    PaymentStatus,
    PolicyKind,
)
from voice_app.models.people import (
    AccessNeed,
    ContactPreference,
    Group,
    MeetingAccessCheck,
    Membership,
    PaymentPreference,
    Person,
    Pronunciation,
    Role,
    StaffRole,
    User,
    UserGroup,
)

__all__ = [
    "AccessNeed", "Attendance", "AttendanceMethod", "AuditEntry", "Call", "CallDirection",
    "Comment", "ConferenceLeg", "ContactPreference", "ExpenseClaim", "FeedbackStatus", "Group",
    "Job", "JobStatus", "ListeningTime", "Meeting", "MeetingAccessCheck", "MeetingKind",
    "Membership", "OutboundAttempt", "OutboundKind", "OutboundMessage", "Paper", "PaperSection",
    "PaperStatus", "Payment", "PaymentPolicy", "PaymentPreference", "PaymentStatus", "Person",
    "PolicyKind", "Pronunciation", "ReadingPosition", "Recording", "RecordingPurpose",
    "RecordingStatus", "Role", "ShoppingItem", "ShoppingStatus", "SpeechRendition", "StaffRole",
    "Transcript", "User", "UserGroup", "utcnow",
]
