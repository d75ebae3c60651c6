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
        "of the week for {praise}. There will be a certificate in Friday's "
        "celebration assembly.\n\nWell done {child}!\n{sign}",
    ),
    (
        "Absence on {past}",
        "Dear {parent},\n\nThank you for letting us know that {child} was unwell on {past}. "
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
        "{child}'s project",
        "Dear {parent},\n\nI have spoken to {child} about the {topic} project and we have agreed "
        "that it can be handed in on {day} instead. There is no need to worry about it.\n\n"
        "Kind regards,\n{sign}",
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
        "Hi {child},\n\nThank you for handing in your homework on time. Your {topic} work "
        "was well organised. Next time, check your capital letters.\n\n{sign}",
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
        "Hi {staff}, here is my homework about {topic}. I found the last question hard. "
        "From {child}",
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
    "Have you got the key for the PE cupboard?",
    "Can someone cover my playground duty at 10:30? I'll do yours on {day}.",
    "Reminder that the {year} assembly is at 2:45 today.",
    (
        "The fire drill is planned for {day} morning, keep it to yourselves so "
        "we get a realistic time."
    ),
    "Thanks for covering my group earlier.",
    "Is the hall free straight after lunch?",
    "I've put the updated risk assessment for {place} in the shared drive.",
    "Our parent helper for reading is in at 9:15, could you sign her in if I'm not back?",
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

# -- more ordinary school life (added after reading a tenth of the evidence by eye) ---------

STAFF_TO_PARENT += (
    (
        "Phonics screening check",
        "Dear {parent},\n\nThe Year 1 phonics screening check takes place in June. "
        "{child} has been practising real and alien words in class and is doing well. "
        "A sheet of sounds to practise "
        "at home is in the book bag.\n\nBest wishes,\n{sign}",
    ),
    (
        "Reading record",
        "Dear {parent},\n\n{child}'s reading record has not come into school for the last few "
        "days. Could you pop it back in the book bag, please? We change books on {day}s.\n\n"
        "Thank you,\n{sign}",
    ),
    (
        "Lost jumper",
        "Dear {parent},\n\n{child} came home without a jumper on {past}. Please have a look in the "
        "lost property box by the office; everything that is named goes straight back to the "
        "classroom.\n\nKind regards,\n{sign}",
    ),
    (
        "After-school {club} club",
        "Dear {parent},\n\n{child} has a place in {club} club on {day}s after school, starting "
        "{date}. The club finishes at 4:15 and children should be collected from the main "
        "entrance.\n\nBest wishes,\n{sign}",
    ),
    (
        "SEN support plan review",
        "Dear {parent},\n\nIt is time for {child}'s termly SEN support plan review. Could you come "
        "in on {date} at {time_day}? Our SENCo will join us. We will look at the targets together "
        "and agree the next steps.\n\nKind regards,\n{sign}",
    ),
    (
        "Uniform reminder",
        "Dear {parent},\n\nA gentle reminder that school uniform is a grey skirt, pinafore or "
        "trousers, a white polo shirt and a red jumper or cardigan, with black school shoes. "
        "Second-hand uniform is available from the PTA on Fridays after school.\n\n"
        "Thank you,\n{sign}",
    ),
    (
        "{year} homework: {topic}",
        "Dear {parent},\n\nThis half term's homework grid for {topic} has gone home today. "
        "Children choose one activity each week; they can bring it in any day before {day}. "
        "A copy is on the class page of {website}.\n\nThank you,\n{sign}",
    ),
    (
        "Times tables practice",
        "Dear {parent},\n\n{child} has been working hard on the {table} times table in class. "
        "Ten minutes on Times Tables Rock Stars a few evenings a week would really help. "
        "The login is on the sticker in the front of the reading record.\n\nMany thanks,\n{sign}",
    ),
    (
        "Medicine in school",
        "Dear {parent},\n\nThank you for bringing in {child}'s inhaler. We keep it in the "
        "classroom medical bag, which goes with the class to PE and on trips. Please complete "
        "the medicine form at the office if the dose changes.\n\nKind regards,\n{sign}",
    ),
    (
        "Sports fixture: {year}",
        "Dear {parent},\n\n{child} has been picked for the {sport} team against {fixture} on "
        "{date}. The match starts at 3:45 at {fixture}; children will walk there with staff and "
        "should be collected from there at 5:00.\n\nBest wishes,\n{sign}",
    ),
    (
        "School dinners",
        "Dear {parent},\n\nThe new school dinner menu starts on {date}. "
        "It is a three-week menu and a copy is on {website}. "
        "Please let the office know about any allergies or changes to "
        "{child}'s dietary needs.\n\nThank you,\n{sign}",
    ),
    (
        "Well done, {child}",
        "Dear {parent},\n\nI wanted to let you know that {child} {achievement} this week. "
        "You should be very proud.\n\nBest wishes,\n{sign}",
    ),
    (
        "Wraparound care",
        "Dear {parent},\n\nBreakfast club places for next half term can now be booked on "
        "ParentPay. Breakfast club opens at 7:45 in the hall; after-school care runs until "
        "5:45.\n\nKind regards,\n{sign}",
    ),
    (
        "Attendance",
        "Dear {parent},\n\n{child}'s attendance this year is currently {attendance}%. "
        "We know some absence cannot be avoided, and we are always happy to talk about how we "
        "can help. Please ring the office on {office} if you would like a meeting.\n\n"
        "Kind regards,\n{sign}",
    ),
)

PARENT_REPLIES: dict[str, str] = {
    "{child} absent today": "Thank you for letting us know. I hope {child} feels better soon; "
    "I have passed this on to the office for the register.",
    "Question about homework": "The homework is due on {day}, but if {child} needs a little "
    "longer that is fine. It is also on the class page of the website.",
    "Dentist appointment": "Thank you, that is fine. Please sign {child} out at the office "
    "when you collect.",
    "Trip consent form": "No problem, I will put a new form in {child}'s book bag today.",
    "Pick up arrangements": "Thank you for letting us know. We will make sure {child} goes "
    "home with grandma today.",
    "{child}'s reading book": "Thank you. I will hear {child} read this week and move the "
    "book band up if the next level suits.",
    "Thank you": "Thank you so much for your kind message, it is lovely to hear. {child} has "
    "worked really hard.",
    "Packed lunch": "Thank you, I have passed this on to the kitchen.",
    "Swimming kit": "Yes, swimming is still on {day}s this half term, and goggles are fine.",
    "Lost water bottle": "I will have a look in the classroom and the lost property box and "
    "send it home if it turns up.",
    "Holiday request": "Thank you. Requests for leave in term time go to the head teacher; "
    "the office will send you the form.",
    "Worried about friendships": "Thank you for telling me. I will keep an eye on things at "
    "playtime this week and talk with {child}. Would you like to come in for a chat after "
    "school on {day}?",
    "Spelling test": "The spelling list is in the back of {child}'s reading record and on "
    "the class page of the website.",
    "Parents' evening": "Of course, I have moved your appointment to {time}.",
}

PARENT_TO_STAFF += (
    (
        "Lost water bottle",
        "Hi {staff},\n\n{child} came home without a water bottle yesterday (a blue one with a name "
        "sticker). Could you keep an eye out for it?\n\nThanks,\n{pname}",
    ),
    (
        "Holiday request",
        "Dear {staff},\n\nWe have a family wedding abroad and would like to take {child} out of "
        "school for two days from {date}. Who should I ask about this?\n\nKind regards,\n{pname}",
    ),
    (
        "Worried about friendships",
        "Dear {staff},\n\n{child} has been a bit upset about friendships at playtime this week. "
        "Nothing serious, but I wanted you to know.\n\nThank you,\n{pname}",
    ),
    (
        "Spelling test",
        "Hello {staff},\n\nSorry to bother you. Which spellings are in this week's test? "
        "The list has gone missing.\n\n{pname}",
    ),
    (
        "Parents' evening",
        "Dear {staff},\n\nI am working late on the parents' evening and can't make {time}. "
        "Is there a later slot?\n\nMany thanks,\n{pname}",
    ),
)

# What parents write on holidays and weekends: nothing about today's register.
PARENT_ANY_DAY = ("Question about homework", "Holiday request", "Thank you", "Trip consent form")

STAFF_TO_STAFF += (
    (
        "Safeguarding training",
        "Hi {colleague},\n\nA reminder that the annual safeguarding update is due by the end of "
        "the month. The online module takes about an hour; please send the certificate to the "
        "office when you have finished.\n\n{sname}",
    ),
    (
        "Reading records",
        "Hi {colleague},\n\nCould you check reading records in {year} on {day}? I would like to "
        "know which children are not reading at home so we can hear them in school.\n\n{sname}",
    ),
    (
        "Pupil progress meetings",
        "Hi {colleague},\n\nPupil progress meetings are on {date}. Please bring your tracking "
        "sheet and a list of children for the phonics and maths interventions.\n\nThanks,\n"
        "{sname}",
    ),
    (
        "Cover: {year}",
        "Hi {colleague},\n\nI am off sick today. Plans for {year} are on my desk: maths is "
        "column addition, English is the next chapter of the class book, and the afternoon is "
        "{topic}.\n\nSorry,\n{sname}",
    ),
    (
        "Lunch duty rota",
        "Hi {colleague},\n\nThe new lunch duty rota starts on {date}. You are on the junior "
        "playground on {day}s.\n\n{sname}",
    ),
    (
        "Behaviour log",
        "Hi {colleague},\n\nCould you add the playground incident from this morning to the "
        "behaviour log before the end of the day? Parents have been told.\n\nThanks,\n{sname}",
    ),
    (
        "Book scrutiny",
        "Hi {colleague},\n\nThe English book scrutiny is on {date}. Please leave six books "
        "(two from each group) in the staff room by lunchtime.\n\n{sname}",
    ),
    (
        "Fixture on {day}",
        "Hi {colleague},\n\nThe {sport} fixture against {fixture} is on {day}. I need one more "
        "adult to walk down with the team at 3:20. Are you free?\n\n{sname}",
    ),
    (
        "Supply teacher",
        "Hi {colleague},\n\nA supply teacher is covering {year} on {day}. Could you show her "
        "where the planning and the register are, and the fire exits?\n\nThanks,\n{sname}",
    ),
)

STAFF_TO_PUPIL += (
    (
        "School council",
        "Hi {child},\n\nThe school council meets on {day} lunchtime in the library. Please bring "
        "your class's ideas for the playground.\n\n{sign}",
    ),
    (
        "Times Tables Rock Stars",
        "Hi {child},\n\nWell done on your times tables this week, you beat your best time on "
        "the {table} times table.\n\n{sign}",
    ),
    (
        "Your story",
        "Hi {child},\n\nI have read the start of your story on Google Classroom. The opening "
        "is exciting. Next, try adding some speech with the correct punctuation.\n\n{sign}",
    ),
    (
        "Library books",
        "Hi {child},\n\nYour library book is due back on {day}. You can choose a new one at "
        "the same time.\n\n{sign}",
    ),
)

PUPIL_TO_STAFF += (
    (
        "spellings",
        "Dear {staff}, I forgot my spellings at school. Are they on Google Classroom? {child}",
    ),
    ("my story", "Hi {staff}, I have added two more paragraphs to my story. {child}"),
    (
        "question about {topic}",
        "Dear {staff}, for the {topic} homework do we have to draw a picture? From {child}",
    ),
)

TEAMS_STAFF += (
    "Have you finished with the Year 3 guided reading books?",
    "Could you send me the {topic} planning when you get a minute?",
    "Photocopying for {day} is in your tray.",
    "Could you swap playground duty with me on {day}?",
    "The supply teacher for {year} is in the office, could you take her up?",
    "Has the {sport} kit come back from the wash?",
    "I've booked the hall for the {year} assembly practice on {day}.",
    "Can I borrow six glue sticks? We've run out.",
    "Did the {year} register go down this morning? The office is asking.",
    "Thanks for the maths resources, they worked really well.",
)

TEAMS_STAFF_TO_PUPIL += (
    "Hi {child}, your spellings for this week are on Google Classroom.",
    "{child}, great work on the {topic} quiz, 9 out of 10.",
    "Hi {child}, please add a title to your {topic} poster before you hand it in.",
)

TEAMS_PUPIL_TO_STAFF += (
    "{staff}, I can't find the {topic} worksheet.",
    "Hi {staff}, is it PE on {day}?",
    "I've finished the quiz {staff}",
)

STAFFROOM_WHATSAPP += (
    "Anyone else stuck behind the bin lorry on the high street?",
    "There's leftover cake from the governors' meeting in the staff room",
    "Does anyone have a spare lanyard? I've left mine at home",
    "Reminder: staff photo is tomorrow, wear something smart!",
    "Who's up for the quiz night at the cricket club on Friday?",
    "Well done everyone today, the Ofsted call went really well",
    "Just a heads up, the boiler is off again so bring a cardigan",
    "The coffee machine is fixed!",
    "Has anyone got a phone charger I can borrow? iPhone one",
    "Is anyone driving past the garden centre? We need compost for the planters",
)

OFFICE_TEXTS += (
    "Reminder: it is a non-uniform day on {date} in aid of the PTA. {school}",
    "Reminder: {year} class assembly is on {date} at 2:30. Parents are welcome. {school}",
    "Please return the signed medicine forms to the office by {day}. {school}",
    "Breakfast club bookings for next half term are now open on ParentPay. {school}",
    "Reminder: INSET day on {date}, school is closed to pupils. {school}",
    "The school photographer is in on {date}. {school}",
    "Tomorrow's PE for {year} is outdoors, please send trainers. {school}",
)

PARENT_TEXTS += (
    "Hi, {child} will be collected by their aunt today. Thanks, {pname}",
    "Morning, {child} has a dentist appointment and will be in for 10:30. {pname}",
    "Hi, is there swimming this week? {pname}",
    "Hi, {child} left their coat in class yesterday, is it in lost property? {pname}",
)

NEWSLETTER_ITEMS += (
    "Congratulations to {year}, who won the attendance cup again this week.",
    "The library has new books thanks to a donation from the PTA.",
    "Please label every item of uniform with your child's name: the lost property box is full.",
    "Dinner money: please keep ParentPay accounts in credit.",
    "Reading: children who read at home five times this week have a raffle ticket.",
    "Our {sport} team played {fixture} this week. Well done to everyone who took part.",
    "Reminder: school starts at 8:45 and the gates close at 8:55.",
    "Dogs are not allowed on the school site, including the playground at home time.",
    "Please drive carefully and park considerately around school at drop-off and pick-up.",
)

# Slots that vary between messages.
TOPICS = (
    "the Romans",
    "the water cycle",
    "Ancient Egypt",
    "the Stone Age",
    "rivers",
    "the Great Fire of London",
    "plants",
    "electricity",
    "the Vikings",
    "rocks and soils",
    "the Anglo-Saxons",
    "the solar system",
    "habitats",
    "light and shadows",
    "our local area",
    "fractions",
)
CLUBS = (
    "football",
    "choir",
    "coding",
    "art",
    "netball",
    "chess",
    "gardening",
    "drama",
    "multi-sports",
    "Lego",
)
SPORTS = ("football", "netball", "tag rugby", "cross-country", "hockey", "cricket", "swimming")
FIXTURES = (
    "St Mary's",
    "Oakfield Primary",
    "Greenway Primary",
    "Holy Trinity",
    "Westfields",
    "Brookside Academy",
)
PRAISE = (
    "excellent effort in maths",
    "kindness to a new classmate",
    "a brilliant piece of writing",
    "always trying their best",
    "great teamwork in PE",
    "a fantastic science investigation",
    "perseverance with times tables",
    "super reading at home",
)
ACHIEVEMENTS = (
    "earned a pen licence",
    "read fifty books in the reading challenge",
    "got full marks in the spelling test",
    "was a fantastic helper for the younger children",
    "gave a confident talk in assembly",
    "moved up two reading bands",
)

# Things that only happen at certain times of year: (text fragment, months it fits).
SEASONAL: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Harvest", (9, 10)),
    ("harvest", (9, 10)),
    ("Book Week", (2, 3)),
    ("Christmas", (11, 12)),
    ("all the support you have given", (12, 3, 7)),
    ("summer fair", (6, 7, 9)),
    ("Flu vaccination", (10, 11, 12)),
    ("Secret Santa", (12,)),
    ("Happy half term", (10, 2, 5)),
    ("lovely cards", (12, 7)),
    ("Weather update", (11, 12, 1, 2)),
    ("Parents' evening", (10, 11, 2, 3)),
    ("parents' evening", (10, 11, 2, 3)),
    ("Phonics screening", (4, 5, 6)),
    ("Swimming", (1, 2, 3, 4, 5, 6)),
    ("swimming", (1, 2, 3, 4, 5, 6)),
    ("cricket", (5, 6, 7)),
    ("cross-country", (10, 11, 1, 2, 3)),
    ("Clubs for next half term", (10, 12, 2, 3, 5)),
    ("next half term", (10, 12, 2, 3, 5)),
    ("staff photo", (9, 10)),
    ("photographer", (9, 10, 6)),
    ("SEN support plan review", (10, 11, 2, 3, 6, 7)),
    ("Pupil progress", (11, 12, 3, 7)),
)


def in_season(text: str, month: int) -> bool:
    """False if the text names something that never happens in this month."""
    return all(month in months for fragment, months in SEASONAL if fragment in text)


def _flatten(item: object) -> str:
    return " ".join(item) if isinstance(item, tuple) else str(item)


def by_month(pool: tuple[object, ...]) -> dict[int, tuple[object, ...]]:
    """The pool filtered for each month (computed once; the generator picks from these)."""
    return {m: tuple(i for i in pool if in_season(_flatten(i), m)) for m in range(1, 13)}


STAFF_TO_PARENT += (
    (
        "Christmas jumper day",
        "Dear {parent},\n\nOn {date} children may wear a Christmas jumper with their school "
        "trousers or skirt, in return for a £1 donation to Save the Children. Please do not buy "
        "a new jumper: a bit of tinsel is fine.\n\nBest wishes,\n{sign}",
    ),
    (
        "Nativity costumes",
        "Dear {parent},\n\n{child} will be a shepherd in the Christmas nativity. Please send in a "
        "tea towel and a dressing gown in a named bag by {day}.\n\nThank you,\n{sign}",
    ),
    (
        "World Book Day",
        "Dear {parent},\n\nWorld Book Day is on {date}. Children can come dressed as a character "
        "from a book and bring the book in to share. Each child will receive a £1 book token.\n\n"
        "Best wishes,\n{sign}",
    ),
    (
        "Sports day",
        "Dear {parent},\n\nSports day for {year} is on {date} from 1:30 on the school field. "
        "Families are welcome to watch. Please send {child} in PE kit with a sun hat, sun cream "
        "and a named water bottle.\n\nBest wishes,\n{sign}",
    ),
    (
        "End of year report",
        "Dear {parent},\n\n{child}'s end of year report is in the book bag today. If you would "
        "like to talk about it, please ring the office on {office} and we will arrange a time.\n\n"
        "Kind regards,\n{sign}",
    ),
    (
        "Welcome to {year}",
        "Dear {parent},\n\nWelcome back! {child} has settled well into {year}. PE is on {day}s, "
        "reading books are changed twice a week, and homework goes out on Fridays.\n\n"
        "Best wishes,\n{sign}",
    ),
    (
        "Easter bonnet parade",
        "Dear {parent},\n\nOur Easter bonnet parade is on {date} at 2:30 on the playground. "
        "Bonnets can be as simple as a paper plate with some flowers.\n\nThank you,\n{sign}",
    ),
)
SEASONAL += (
    ("Christmas jumper", (12,)),
    ("nativity", (11, 12)),
    ("World Book Day", (2, 3)),
    ("Sports day", (6, 7)),
    ("End of year report", (7,)),
    ("Welcome back", (9,)),
    ("Easter", (3, 4)),
)

# Web: (host and path stem, category, paths). Real sites British schools use; paths vary.
WEB_STAFF_SITES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "https://www.bbc.co.uk/bitesize",
        "Education",
        ("/subjects/z826n39", "/topics/zwhysbk", "/articles/zfc3qp3", "/guides/zxgfr82"),
    ),
    (
        "https://www.twinkl.co.uk/resource",
        "Education",
        (
            "/t-t-6713-year-4-fractions",
            "/t2-e-2045-phonics-phase-3",
            "/roman-britain-powerpoint-t-h-1234",
            "/t-l-52321-harvest-festival-assembly",
        ),
    ),
    (
        "https://classroom.google.com",
        "Education",
        ("/u/0/c/NjE4", "/u/0/h", "/u/0/a/not-turned-in/all"),
    ),
    (
        "https://www.thenational.academy/teachers",
        "Education",
        (
            "/programmes/maths-primary-year-4",
            "/programmes/science-primary-year-5",
            "/programmes/english-primary-year-2",
        ),
    ),
    (
        "https://whiteroseeducation.com",
        "Education",
        ("/resources/primary", "/maths/primary/year-3"),
    ),
    ("https://www.ttrockstars.com", "Education", ("/login", "/teacher/dashboard")),
    ("https://www.purplemash.com", "Education", ("/sch/kingsway", "/#app/pap/2paint")),
    (
        "https://www.gov.uk/government/publications",
        "Government",
        (
            "/keeping-children-safe-in-education--2",
            "/national-curriculum-in-england-primary-curriculum",
            "/school-teachers-pay-and-conditions",
        ),
    ),
    ("https://www.bbc.co.uk/news", "News", ("/education", "/uk", "/articles/c0l5xyz")),
    (
        "https://www.google.co.uk/search",
        "Search Engines",
        (
            "?q=year+4+fractions+worksheet",
            "?q=roman+shields+template",
            "?q=phase+5+phonics+games",
            "?q=local+farm+school+trip",
        ),
    ),
    (
        "https://www.youtube.com/watch",
        "Video Streaming",
        ("?v=p0Xbfe3P7ro", "?v=gO1rUiqW4Vs", "?v=Yk0Cc6d1Uh4"),
    ),
    (
        "https://en.wikipedia.org/wiki",
        "Reference",
        (
            "/Roman_Britain",
            "/Water_cycle",
            "/Great_Fire_of_London",
            "/Anglo-Saxons",
            "/Solar_System",
        ),
    ),
    ("https://www.metoffice.gov.uk/weather/forecast", "Weather", ("/gcqdt4b2x", "/gcw2hzs1u")),
    ("https://outlook.office.com/mail", "Webmail", ("/inbox", "/sentitems")),
    (
        "https://www.nhs.uk/conditions",
        "Health",
        ("/head-lice-and-nits", "/chickenpox", "/scarlet-fever"),
    ),
    ("https://www.cpoms.net", "Business", ("/login", "/incidents")),
    ("https://www.parentpay.com", "Finance", ("/school/payments",)),
    ("https://www.amazon.co.uk/s", "Shopping", ("?k=glue+sticks", "?k=laminating+pouches")),
    ("https://www.nationalrail.co.uk/journey-planner", "Travel", ("/",)),
)
WEB_PUPIL_SITES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "https://www.bbc.co.uk/bitesize",
        "Education",
        ("/subjects/z826n39", "/topics/zwhysbk", "/guides/zxgfr82"),
    ),
    ("https://classroom.google.com", "Education", ("/u/0/h", "/u/0/c/NjE4")),
    ("https://play.ttrockstars.com", "Education", ("/play/garage", "/play/studio")),
    (
        "https://www.topmarks.co.uk/maths-games",
        "Education",
        ("/hit-the-button", "/daily10", "/coconut-ordering"),
    ),
    ("https://scratch.mit.edu", "Education", ("/projects/editor", "/explore/projects/games")),
    ("https://www.purplemash.com", "Education", ("/#app/pap/2paint", "/#app/tools/2code")),
    ("https://www.spellingshed.com", "Education", ("/play",)),
    (
        "https://www.natgeokids.com/uk",
        "Education",
        ("/discover/animals", "/discover/history/egypt"),
    ),
    (
        "https://www.google.co.uk/search",
        "Search Engines",
        ("?q=facts+about+the+vikings", "?q=how+do+volcanoes+work", "?q=roman+gods"),
    ),
)
WEB_PUPIL_BLOCKED: tuple[tuple[str, str], ...] = (
    ("https://www.roblox.com/games", "Games"),
    ("https://www.poki.com/en/g/subway-surfers", "Games"),
    ("https://www.tiktok.com/foryou", "Social Networking"),
    ("https://www.youtube.com/shorts", "Video Streaming"),
    ("https://quick-odds.example/football", "Gambling"),
)
