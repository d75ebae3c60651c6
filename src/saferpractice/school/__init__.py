"""The school folder: people, accounts, devices, approvals, consents and acknowledgements.

- `load_school(path) -> SchoolLoad`: read and validate a folder; `.school` is None if there
  were errors, `.diagnostics` names the file, row (spreadsheet numbering: the first data row
  is row 2), column and reason of every problem.
- `School`: the loaded, immutable, picklable school with O(1) lookups for the checks.
- `export_school(school, out)`: write the folder back out, normalised.

The format is documented in docs/school-folder.md.
"""

from saferpractice.school.export import export_school
from saferpractice.school.load import SchoolLoad, load_school
from saferpractice.school.model import (
    Account,
    AccountMatch,
    Acknowledgement,
    Approval,
    Consent,
    ConsentState,
    Device,
    Person,
    SchoolHours,
    Settings,
)
from saferpractice.school.school import School

__all__ = [
    "Account",
    "AccountMatch",
    "Acknowledgement",
    "Approval",
    "Consent",
    "ConsentState",
    "Device",
    "Person",
    "School",
    "SchoolHours",
    "SchoolLoad",
    "Settings",
    "export_school",
    "load_school",
]
