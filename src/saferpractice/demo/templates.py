"""Wording for ordinary school life: mail, texts and chat that should trigger nothing.

Staff-to-pupil and staff-to-parent wording here avoids every risk phrase (no secrecy,
private channels, lifts, gifts, endearments) and gives no contact details except the
school's own number and website, or the recipient's own details. `tests/demo` checks the
pools against the built-in lexicons' trigger words.
"""

from __future__ import annotations

STAFF_TO_PARENT: tuple[tuple[str, str], ...] = (
    (
        "{child}'s reading this week",
        "Dear {parent},\n\n{child} has read really well this week and has moved up a reading band. "
        "Please keep listening to {child} read for ten minutes each evening and sign the reading "
        "record.\n\nMany thanks,\n{sign}",
    ),
    (
        "Trip to {place} on {date}",
        "Dear {parent},\n\n{year} will visit {place} on {date}. The coach leaves at 9:15 and we "
        "expect to be back by 3:00. Please send {child} with a packed lunch, a water bottle and a "
        "waterproof coat. The voluntary contribution of £{amount} can be paid on ParentPay.\n\n"
        "If you have any questions, please call the school office on "
        "{office}.\n\nKind regards,\n{sign}",
    ),
    (
        "Parents' evening appointments",
        "Dear {parent},\n\nParents' evening is on {date}. Your appointment to talk about {child}'s "
        "progress is at {time} in the {year} classroom. If that time does not suit, please let "
        "the office know on {office} and we will find another slot.\n\nBest wishes,\n{sign}",
    ),
    (
        "Homework for {year}",
        "Dear {parent},\n\nThis week's homework is a spelling list and a page of times-tables "
        "practice, due on {day}. {child} has a copy in their book bag. Details are also on the "
        "class page of our website, {website}.\n\nThank you,\n{sign}",
    ),
    (
        "PE days this half term",
        "Dear {parent},\n\nPE for {year} this half term is on {day}s. Please make sure {child} has "
        "a named PE kit in school, with trainers for outdoor lessons. Earrings should be removed "
        "or taped.\n\nThanks,\n{sign}",
    ),
    (
        "{child} – accident form",
        "Dear {parent},\n\nJust to let you know that {child} bumped a knee at lunchtime today. It "
        "was cleaned and checked by a first aider and {child} was happy to go back to class. An "
        "accident slip is in the book bag.\n\nKind regards,\n{sign}",
    ),
    (
        "Star of the week",
        "Dear {parent},\n\nI am delighted to tell you that {child} has been "
        "chosen as {year}'s star "
        "of the week for excellent effort in maths. There will be a certificate in Friday's "
        "celebration assembly.\n\nWell done {child}!\n{sign}",
    ),
    (
        "Absence on {date}",
        "Dear {parent},\n\nThank you for letting us know that {child} was unwell on {date}. "
        "I have recorded this as an authorised absence. We hope {child} is feeling "
        "better.\n\nRegards,\n{sign}",
    ),
    (
        "Harvest festival donations",
        "Dear {parent},\n\nOur harvest festival is on {date}. We are collecting tins and packets "
        "for the local food bank; please send them in with {child} by {day}. Thank you for your "
        "generosity.\n\n{sign}",
    ),
    (
        "Clubs for next half term",
        "Dear {parent},\n\nAfter-school clubs start again on {date}. {child} can choose from "
        "football, choir, coding and art. Sign-up forms are on the school website, {website}, and "
        "places are allocated on a first-come basis.\n\nThanks,\n{sign}",
    ),
    (
        "Re: {child}'s homework",
        "Dear {parent},\n\nThank you for your message. I have spoken to {child} and we have agreed "
        "that the project can be handed in on {day}. Please do not worry.\n\nKind regards,\n{sign}",
    ),
    (
        "Head lice in {year}",
        (
            "Dear {parent},\n\nThere have been a few cases of head lice in {year}. "
            "Please check {child}'s "
            "hair this weekend and treat if needed. NHS guidance is on our "
            "website.\n\nThank you,\n{sign}"
        ),
    ),
    (
        "Book Week costumes",
        "Dear {parent},\n\nNext week is Book Week. On {day} the children may come dressed as a "
        "favourite book character. Costumes do not need to be bought; a hat or "
        "a prop is plenty.\n\n"
        "Best wishes,\n{sign}",
    ),
    (
        "Contact details check",
        "Dear {parent},\n\nWe are checking the contact details we hold for {child}. We have your "
        "mobile as {parent_phone}. If this has changed, please update it on the school app or ring "
        "the office on {office}.\n\nMany thanks,\n{sign}",
    ),
)

PARENT_TO_STAFF: tuple[tuple[str, str], ...] = (
    (
        "{child} absent today",
        "Hi,\n\n{child} has a temperature this morning so will not be in school today. Hopefully "
        "back tomorrow.\n\nThanks,\n{pname}",
    ),
    (
        "Question about homework",
        "Hello {staff},\n\n{child} was not sure whether the maths homework is due on {day} or the "
        "following week. Could you let us know?\n\nMany thanks,\n{pname}",
    ),
    (
        "Dentist appointment",
        "Dear {staff},\n\n{child} has a dentist appointment on {date} at 1:30, so I will collect "
        "from the office at 1:00.\n\nBest wishes,\n{pname}",
    ),
    (
        "Trip consent form",
        "Hi {staff},\n\nSorry, the consent form for the trip to {place} got lost at home. Could "
        "another copy be sent home with {child}?\n\nThanks\n{pname}",
    ),
    (
        "Pick up arrangements",
        "Hello,\n\nJust to let you know that {child}'s grandma will be collecting today at home "
        "time. My number is {parent_phone} if you need to check.\n\nThank you,\n{pname}",
    ),
    (
        "{child}'s reading book",
        "Dear {staff},\n\n{child} has finished the reading book and says it was too easy. Could "
        "{child} try the next level?\n\nRegards,\n{pname}",
    ),
    (
        "Thank you",
        "Dear {staff},\n\nJust a quick note to say thank you for all the support you have given "
        "{child} this term. {child} comes home so happy.\n\nKind regards,\n{pname}",
    ),
    (
        "Packed lunch",
        "Hi,\n\n{child} will be having a packed lunch instead of school dinner from {date}.\n\n"
        "Thanks,\n{pname}",
    ),
    (
        "Swimming kit",
        "Hello {staff},\n\nIs swimming still on {day}s this half term? {child} wants to know "
        "whether to bring goggles.\n\n{pname}",
    ),
)

STAFF_TO_STAFF: tuple[tuple[str, str], ...] = (
    (
        "Cover for {day}",
        "Hi {colleague},\n\nI am on a course on {day} afternoon. The plans are in the {year} "
        "planning folder on the shared drive. Could you pick up the phonics "
        "group?\n\nThanks,\n{sname}",
    ),
    (
        "Staff meeting agenda",
        "Hi all,\n\nAgenda for Wednesday's staff meeting: 1. safeguarding update, 2. assessment "
        "calendar, 3. Christmas performance rota. We start at 3:45 in the library.\n\n{sname}",
    ),
    (
        "Risk assessment for {place}",
        "Hi {colleague},\n\nI have attached the draft risk assessment for the visit to {place} on "
        "{date}. Could you check the ratios before I send it to the office?\n\nThanks,\n{sname}",
    ),
    (
        "Moderation",
        "Hi {colleague},\n\nAre you free on {day} after school to moderate the writing samples? "
        "Bring three books: one at, one above and one working towards.\n\n{sname}",
    ),
    (
        "Photocopier",
        "Hi all,\n\nThe photocopier on the top corridor is jammed again. The "
        "engineer is booked for "
        "{day}; please use the office copier until then.\n\n{sname}",
    ),
    (
        "Timetable change",
        "Hi {colleague},\n\nCould we swap hall times on {day}? The dance workshop needs the hall "
        "in the morning.\n\nCheers,\n{sname}",
    ),
    (
        "INSET day plan",
        "Dear colleagues,\n\nThe INSET day will start at 8:45 with breakfast in the staff room, "
        "followed by the reading curriculum session and then time in classrooms.\n\n{sname}",
    ),
    (
        "Parents' evening slots",
        "Hi {colleague},\n\nThe office has printed the parents' evening "
        "timetables. I have put yours "
        "in your pigeonhole.\n\n{sname}",
    ),
)

STAFF_TO_PUPIL: tuple[tuple[str, str], ...] = (
    (
        "Your homework",
        "Hi {child},\n\nThank you for handing in your homework on time. Your paragraph about the "
        "Romans was well organised. Next time, check your capital letters.\n\n{sign}",
    ),
    (
        "Classroom job",
        "Hi {child},\n\nYou are on the class library rota this week. Please "
        "tidy the book corner at "
        "the end of the day on {day}.\n\n{sign}",
    ),
    (
        "Google Classroom assignment",
        "Hi {child},\n\nThe new assignment about the water cycle is now on Google Classroom. It is "
        "due on {day}. Ask in class if anything is unclear.\n\n{sign}",
    ),
    (
        "Choir practice",
        (
            "Hi {child},\n\nChoir practice has moved to {day} lunchtime in the "
            "music room this week.\n\n{sign}"
        ),
    ),
    (
        "Reading challenge",
        (
            "Hi {child},\n\nWell done for reaching 20 books in the reading "
            "challenge. Keep going!\n\n{sign}"
        ),
    ),
    (
        "Spelling test",
        (
            "Hi {child},\n\nThe spelling test is on {day}. The list is in your "
            "reading record.\n\n{sign}"
        ),
    ),
)

PUPIL_TO_STAFF: tuple[tuple[str, str], ...] = (
    (
        "my homework",
        "Hi {staff}, here is my homework about the Romans. I found it hard. From {child}",
    ),
    ("question", "Dear {staff}, do we need our PE kit on {day}? From {child}"),
    (
        "project",
        "Hi {staff}, I have finished my science poster, can I bring it in tomorrow? {child}",
    ),
)

OFFICE_TEXTS: tuple[str, ...] = (
    "Reminder: school closes at 1:30pm on {date} for staff training. {school}",
    "Reminder: {year} trip to {place} is on {date}. Please send a packed lunch. {school}",
    "Parents' evening bookings are now open on the school app. {school}",
    (
        "{child} was not marked present this morning. Please ring the office on "
        "{office} to let us know. {school}"
    ),
    "Flu vaccinations will take place on {date}. Forms are due back by {day}. {school}",
    "Lost property will be on the playground on {day} after school. {school}",
    "Your child {child} has left their lunchbox at school. It is in the office. {school}",
    "Weather update: school is open as normal today. {school}",
    "Please top up your ParentPay account for school dinners. {school}",
)

PARENT_TEXTS: tuple[str, ...] = (
    "Hi, {child} is poorly today and won't be in. Thanks {pname}",
    "Morning, {child} has a hospital appointment at 11 and will be in after lunch. {pname}",
    "Hi, running late this morning, {child} will be in by 9:20. Sorry!",
    "Thanks for letting us know. {pname}",
    "Hi, is the trip still going ahead tomorrow? {pname}",
    "Hi, this is {pname}, my new number is {parent_phone}. Please update {child}'s records.",
)

SCHOOL_MOBILE_TEXTS: tuple[str, ...] = (
    "{year} trip update: we have arrived safely at {place}. {school}",
    (
        "{year} trip update: the coach is running about 15 minutes late, now "
        "due back at 3:30. {school}"
    ),
    "{year} trip: all children are back at school. Thank you for your help. {school}",
    (
        "Hello, this is the school office. Please could you ring us on {office} "
        "when convenient. {school}"
    ),
)

TEAMS_STAFF: tuple[str, ...] = (
    "Has anyone got the key for the PE cupboard?",
    "Can someone cover my playground duty at 10:30? I'll do yours on {day}.",
    "Reminder that the {year} assembly is at 2:45 today.",
    (
        "The fire drill is planned for {day} morning, keep it to yourselves so "
        "we get a realistic time."
    ),
    "Thanks for covering my group earlier.",
    "Is the hall free period 4?",
    "I've put the updated risk assessment for {place} in the shared drive.",
    "Parent helper for reading is in at 9:15, can someone sign her in?",
    "The laptop trolley needs charging, it was left unplugged.",
    "Can I borrow your visualiser for {day}?",
)

TEAMS_STAFF_TO_PUPIL: tuple[str, ...] = (
    "Hi {child}, please remember to upload your science homework by {day}.",
    "Well done on your quiz today {child}.",
    "Hi {child}, your group presentation is on {day}, please bring the poster.",
    "{child}, the reading club is in the library at lunchtime.",
    "Hi {child}, I've marked your work on the water cycle, have a look at the comments.",
)

TEAMS_PUPIL_TO_STAFF: tuple[str, ...] = (
    "Hi {staff}, I uploaded my homework.",
    "{staff}, which page is the reading on?",
    "thank you {staff}",
)

STAFFROOM_WHATSAPP: tuple[str, ...] = (
    "Anyone fancy a Friday staff social at the Red Lion?",
    "Running late, the ring road is at a standstill",
    "Who's bringing cake for {colleague}'s birthday?",
    "Reminder: Secret Santa names are in the staffroom, £5 limit",
    "Car park is closed tomorrow for resurfacing, park on the side road",
    "Has anyone seen my blue mug? 😂",
    "Happy half term everyone!",
    "Thanks for all the lovely cards",
)

NEWSLETTER_ITEMS: tuple[str, ...] = (
    "Attendance this week was 96.4%. Well done to {year} for the best attendance.",
    "Our school council met this week to plan the charity bake sale on {date}.",
    "Please remember that the car park is for staff and blue badge holders only.",
    "Clubs restart on {date}. Forms are on the school website, {website}.",
    "The {year} trip to {place} is on {date}; letters went home this week.",
    "Flu vaccinations for all classes are on {date}.",
    "Thank you to everyone who came to the summer fair: the PTA raised £1,240.",
    "If you have any questions, the office is open from 8:15 on {office}.",
    "Online safety: our parents' workshop on screen time is on {date} at 6pm.",
)

WEB_BENIGN = (
    ("https://www.bbc.co.uk/bitesize", "Education"),
    ("https://www.bbc.co.uk/news", "News"),
    ("https://www.google.co.uk/search", "Search Engines"),
    ("https://www.gov.uk/government/organisations/department-for-education", "Government"),
    ("https://www.twinkl.co.uk/resources", "Education"),
    ("https://classroom.google.com/", "Education"),
    ("https://www.youtube.com/watch", "Video Streaming"),
    ("https://www.topmarks.co.uk/maths-games", "Education"),
    ("https://en.wikipedia.org/wiki/Roman_Britain", "Reference"),
    ("https://www.metoffice.gov.uk/", "Weather"),
    ("https://www.amazon.co.uk/", "Shopping"),
    ("https://www.nationalrail.co.uk/", "Travel"),
    ("https://outlook.office.com/mail/", "Webmail"),
    ("https://www.nhs.uk/conditions/", "Health"),
    ("https://www.scratch.mit.edu/", "Education"),
)

# Categories in the UK Safer Internet Centre monitoring list, as a filter names them,
# with made-up hosts under the reserved .example TLD.
WEB_INAPPROPRIATE = (
    ("https://spin-palace-bets.example/slots", "Gambling"),
    ("https://quick-odds.example/football", "Gambling"),
    ("https://adult-tube.example/video", "Pornography"),
    ("https://party-pills.example/shop", "Drugs"),
    ("https://hate-forum.example/thread", "Extremism"),
    ("https://fight-clips.example/watch", "Violence"),
    ("https://lonely-thoughts.example/forum", "Self-harm"),
)
