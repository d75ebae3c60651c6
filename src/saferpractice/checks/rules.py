"""The rule registry: every check's id, level, cited policy item and plain-English purpose.

The "what we check and why" page is generated from this registry, so what the page says is
what runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from saferpractice.findings import Level


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level  # the usual level; some rules raise red or amber by severity
    policy_item: str
    title: str
    looks_at: str  # which evidence
    why: str  # why it matters, in the guidance's terms
    not_raised_when: tuple[str, ...] = ()


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "email.personal-account",
            Level.RED,
            "email.red.personal-account",
            "Personal email used with pupils or parents",
            "mail",
            "A member of staff's personal email account sends mail to, or receives mail from, "
            "a current pupil or the parent of a current pupil.",
            ("the other party is a colleague, a former pupil or someone outside the school",),
        ),
        Rule(
            "phone.personal-device",
            Level.RED,
            "phones.red.personal-phone",
            "Personal phone used with pupils or parents",
            "text messages and chat",
            "A member of staff's personal phone number texts or calls a current pupil or the "
            "parent of a current pupil.",
            ("a senior leader's mobile-phone approval covers that member of staff on that date",),
        ),
        Rule(
            "contact.personal-details",
            Level.RED,
            "general.red.personal-details",
            "Personal contact details given to pupils or parents",
            "mail, text messages and chat",
            "A member of staff gives a pupil or parent a personal phone number, email address, "
            "social-media handle or website, on any channel, including from a school account.",
            (
                "the detail is the school's own number, domain or website",
                "the detail is a professional account agreed with the school",
                "the detail belongs to the recipient (their own details, sent back to them)",
                "the text is quoted reply history rather than what the sender wrote",
            ),
        ),
        Rule(
            "contact.personal-message",
            Level.RED,
            "general.red.personal-messages",
            "Non-professional content sent to a pupil or parent",
            "mail, text messages and chat",
            "A member of staff sends a pupil words from the risk lexicons (secrecy, moving to a "
            "private channel, meeting or lifts, gifts, flattery, sexual content, bullying, "
            "self-harm). Red or amber by the category's severity; to a parent it is amber "
            "unless the content is sexual; to a whole class it is never red. The finding names "
            "the phrase that fired, the category's reason, the audience, the time and channel, "
            "and the setting.",
            (
                "the words are part of a person's name in the school folder",
                "the message goes only to colleagues",
                "the text is quoted reply history",
                "the message goes to a whole class or year group and is about a lesson, a class "
                "game or a school event",
            ),
        ),
        Rule(
            "contact.grooming-pattern",
            Level.RED,
            "general.red.personal-messages",
            "A message to one pupil that reads like a grooming pattern",
            "mail, text messages and chat to one pupil or a pupil's parent",
            "The semantic detector (a small sentence-embedding model and a classifier trained on "
            "labelled messages) reads a message from a member of staff to one pupil, or to a "
            "pupil's parent, as singling the child out, secrecy, isolation, meeting or lifts, "
            "gifts, remarks on the body, sexual content, requests for photos, moving to a "
            "private channel or testing boundaries, though no lexicon phrase matched. The "
            "finding says what it reads like, the nearest labelled examples and the context.",
            (
                "a lexicon phrase matched (the message is reported once, as non-professional "
                "content, with the semantic reading added)",
                "the message goes to several pupils, a class or colleagues",
                "the semantic model package is not installed (the scan says so)",
            ),
        ),
        Rule(
            "contact.out-of-hours",
            Level.AMBER,
            "general.amber.out-of-hours-contact",
            "Direct messages to pupils outside school hours",
            "mail, text messages and chat",
            "A member of staff messages a current pupil directly outside the school's hours, "
            "judged in the school's timezone.",
            (
                "an approval (for example for a residential trip) covers that member of staff "
                "on that date",
            ),
        ),
        Rule(
            "evidence.not-fully-checked",
            Level.AMBER,
            "general.red.personal-messages",
            "Message not fully checked",
            "mail, text messages and chat",
            "A message was larger than the bounds the scan reads (more than 5,000 MIME parts, "
            "attached messages nested more than 10 deep, more than 5,000,000 characters of "
            "text, a header block over 256 KiB, more than 10,000 recipients), so part of it "
            "was not checked. Risk language or contact details in the part not read would not "
            "be found; a person should read the rest. A sender can build such a message on "
            "purpose to hide what is at its end.",
        ),
        Rule(
            "social.pupil-connection",
            Level.RED,
            "social.red.pupil-friends",
            "Pupil or parent among personal social-media connections",
            "social-media exports and connection lists",
            "A current pupil, or a parent of a current pupil, is a friend, follower or followed "
            "account of a member of staff's personal profile. Matched by handle, then by full "
            "name (with any ambiguity stated).",
            ("the pupil is the member of staff's own child",),
        ),
        Rule(
            "social.former-pupil-connection",
            Level.AMBER,
            "social.amber.former-pupil-friends",
            "Former pupil among personal social-media connections",
            "social-media exports and connection lists",
            "A pupil who has left the school is connected to a member of staff's personal "
            "profile. Amber: the guidance asks staff to take care even after pupils leave.",
        ),
        Rule(
            "social.open-profile",
            Level.AMBER,
            "social.amber.public-profile",
            "Personal profile visible to the public",
            "social-media exports and connection lists",
            "A member of staff's personal profile is open to the public rather than friends "
            "and family only.",
            ("the profile is a professional account agreed with the school",),
        ),
        Rule(
            "images.personal-device",
            Level.RED,
            "images.red.personal-equipment",
            "Image of pupils taken on personal equipment",
            "photos (EXIF camera serial, make and model)",
            "An image of pupils was taken on a device that is not school equipment, judged "
            "from the device register by serial number or, failing that, by make and model.",
            (
                "an images approval covers the photographer (and the device, if it names one) on "
                "the capture date",
                "the make and model match a school device as well as a personal one",
            ),
        ),
        Rule(
            "images.no-consent",
            Level.RED,
            "images.red.no-consent",
            "Pupil in an image without consent for its use",
            "photos with named people and an intended use",
            "A pupil named in an image has no granted, unexpired, unwithdrawn parental consent "
            "for the image's intended use on the image's date.",
        ),
        Rule(
            "images.location",
            Level.AMBER,
            "images.amber.location-data",
            "Location data on an image for publication",
            "photos meant for the website, social media or the press",
            "An image meant for the website, social media or the press still carries GPS "
            "coordinates, which can reveal where pupils are.",
            ("the image is only for school displays",),
        ),
        Rule(
            "devices.no-passcode",
            Level.RED,
            "general.red.unprotected-device",
            "Device without a passcode",
            "the device register and MDM exports",
            "A device used for school work has no passcode or PIN.",
        ),
        Rule(
            "devices.bluetooth-on",
            Level.AMBER,
            "general.amber.bluetooth-on",
            "Bluetooth left on",
            "the device register and MDM exports",
            "A device has Bluetooth switched on; the guidance asks staff to switch it off.",
            ("an equipment approval covers that device",),
        ),
        Rule(
            "internet.inappropriate",
            Level.RED,
            "internet.red.inappropriate-content",
            "Staff web use in an illegal or inappropriate category",
            "web-filter logs",
            "A member of staff visited, or tried to visit and was blocked from, a site the "
            "filter places in a UK Safer Internet Centre monitoring category.",
            ("the user is not a member of staff",),
        ),
        Rule(
            "policy.not-acknowledged",
            Level.AMBER,
            "general.green.know-the-policy",
            "Policy not acknowledged",
            "the acknowledgements register",
            "A current member of staff has not acknowledged the current version of the policy.",
        ),
        Rule(
            "policy.review-overdue",
            Level.AMBER,
            "general.green.know-the-policy",
            "Policy review overdue",
            "the policy's version table",
            "The policy's next revision date has passed: the annual review is overdue.",
        ),
    )
}
