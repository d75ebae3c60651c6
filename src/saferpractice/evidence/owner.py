"""Whose export is this? The person id named by the folder an export sits in.

A phone backup or a "download your information" export is one person's. Schools file them
in a folder named after the staff member's person id (`phones/S012/sms-2025.xml`,
`social/S012/facebook-jsmith-20240301/...`). The owner is the nearest enclosing folder that
is neither part of the export's own layout nor a generic folder name.
"""

from __future__ import annotations

import re
from pathlib import Path

# Folders inside exports (and usual filing folders), never a person id.
LAYOUT_FOLDERS = frozenset(
    {
        "connections",
        "friends",
        "friends_and_followers",
        "followers_and_following",
        "followers",
        "following",
        "personal_information",
        "your_instagram_activity",
        "your_facebook_activity",
        "this_profile's_activity_across_facebook",
        "your_activity_across_facebook",
        "apps_and_websites_off_of_facebook",
        "ads_information",
        "profile_information",
        "account_information",
        "security_and_login_information",
        "logged_information",
        "preferences",
        "json",
        "social",
        "messages",
        "inbox",
        "archived_threads",
        "filtered_threads",
        "message_requests",
        "e2ee_cutover",
        "photos",
        "whatsapp",
        "sms",
        "mms",
        "chats",
        "chat",
        "phone",
        "phones",
        "imessage",
        "imazing",
        "backup",
        "backups",
        "evidence",
    }
)
# Messenger and Instagram keep each conversation in a folder of its own under these.
THREAD_CONTAINERS = frozenset(
    {"inbox", "archived_threads", "filtered_threads", "message_requests", "e2ee_cutover"}
)
_EXPORT_ROOT = re.compile(r"^(facebook|instagram|meta|whatsapp)([-_ ].*)?$", re.IGNORECASE)


def _parent_names(path: Path, root: Path) -> list[str]:
    """Names of the folders between `root` and `path`, nearest first."""
    try:
        parents = path.resolve().relative_to(root.resolve()).parents
        return [p.name for p in parents if p.name]
    except (ValueError, OSError):
        return [p.name for p in path.parents if p.name]


def export_owner(path: Path, root: Path) -> tuple[str, str]:
    """(person id, how it was found) for the export file `path`, or ("", "") if no folder
    names one. A conversation's own folder (under `inbox/`) is never taken as the owner."""
    names = _parent_names(path, root)
    folded = [name.casefold() for name in names]
    start = 0
    for index, name in enumerate(folded):
        if name in THREAD_CONTAINERS:
            start = index + 1
            break
    for name in names[start:]:
        if name.casefold() not in LAYOUT_FOLDERS and not _EXPORT_ROOT.match(name):
            return name, f"folder {name}"
    return "", ""
