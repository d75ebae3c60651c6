"""Embedded name lists for the demo school: UK given and family names of varied origins.

Names are grouped by broad origin so that a family's given names and surname go together
(a UK head teacher would find "Rahul Begum" odd). Every name here is common and generic; the
generator keeps each full name unique across the school and everyone's social connections,
so that matching by name is never ambiguous in the demo.
"""

from __future__ import annotations

from typing import NamedTuple


class Origin(NamedTuple):
    """One broad origin: its weight in a diverse English town and its names."""

    weight: int  # relative share of families
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    family: tuple[str, ...]
    # Surnames some women take by custom instead of the family's (Begum, Kaur).
    women_family: tuple[str, ...] = ()
    # Origins whose given names this origin's families would not use (no "Muhammad Singh").
    avoid: tuple[str, ...] = ()


_MUSLIM = ("south_asian_muslim", "somali", "arabic", "turkish")
_HINDU_SIKH = ("indian", "sikh")

# Insertion order is fixed and is the order the generator draws from: never iterate a set.
ORIGINS: dict[str, Origin] = {
    "british": Origin(
        560,
        girls=(
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Ivy",
            "Freya",
            "Lily",
            "Florence",
            "Mia",
            "Willow",
            "Rosie",
            "Sophia",
            "Isabella",
            "Grace",
            "Daisy",
            "Sienna",
            "Poppy",
            "Elsie",
            "Emily",
            "Ella",
            "Evelyn",
            "Phoebe",
            "Evie",
            "Charlotte",
            "Harper",
            "Matilda",
            "Ruby",
            "Maya",
            "Aria",
            "Chloe",
        ),
        boys=(
            "Oliver",
            "George",
            "Noah",
            "Arthur",
            "Leo",
            "Oscar",
            "Harry",
            "Archie",
            "Jack",
            "Henry",
            "Charlie",
            "Freddie",
            "Theodore",
            "Thomas",
            "Finley",
            "Theo",
            "Alfie",
            "Jacob",
            "Isaac",
            "Joshua",
            "Lucas",
            "Edward",
            "Samuel",
            "Reggie",
            "Albie",
            "Hugo",
            "Reuben",
            "Ezra",
        ),
        women=(
            "Sarah",
            "Emma",
            "Claire",
            "Rebecca",
            "Laura",
            "Rachel",
            "Hannah",
            "Kate",
            "Jennifer",
            "Nicola",
            "Joanne",
            "Lisa",
            "Helen",
            "Amy",
            "Gemma",
            "Victoria",
            "Louise",
            "Natalie",
            "Joanna",
            "Ruth",
        ),
        men=(
            "James",
            "David",
            "Michael",
            "Daniel",
            "Christopher",
            "Matthew",
            "Andrew",
            "Mark",
            "Paul",
            "Richard",
            "Steven",
            "Darren",
            "Neil",
            "Jamie",
            "Lee",
            "Simon",
            "Peter",
            "Jonathan",
            "Ben",
            "Tom",
            "Adam",
        ),
        family=(
            "Smith",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Robinson",
            "Wright",
            "Thompson",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Baker",
            "Turner",
            "Cooper",
            "Harrison",
            "Ward",
            "Morris",
            "King",
            "Baxter",
            "Palmer",
            "Holt",
            "Fletcher",
            "Marsh",
            "Booth",
            "Barker",
            "Chapman",
            "Dawson",
            "Lambert",
        ),
    ),
    "irish": Origin(
        40,
        girls=("Niamh", "Aoife", "Siobhan", "Saoirse", "Roisin"),
        boys=("Cillian", "Oisin", "Conor", "Finn"),
        women=("Sinead", "Aoife", "Maeve", "Roisin"),
        men=("Ciaran", "Declan", "Sean", "Padraig"),
        family=("Kelly", "Murphy", "O'Brien", "Byrne", "Ryan", "Doyle", "Gallagher", "Lynch"),
    ),
    "scottish": Origin(
        35,
        girls=("Eilidh", "Morag", "Iona", "Skye"),
        boys=("Callum", "Euan", "Ruaridh", "Lachlan", "Angus"),
        women=("Kirsty", "Lindsay", "Catriona", "Fiona"),
        men=("Craig", "Stuart", "Iain", "Alasdair", "Graeme"),
        family=("Campbell", "Stewart", "Murray", "MacDonald", "Fraser", "Reid", "Morrison"),
    ),
    "welsh": Origin(
        30,
        girls=("Ffion", "Cerys", "Seren", "Megan", "Nia"),
        boys=("Rhys", "Dylan", "Osian", "Gethin", "Ioan"),
        women=("Bethan", "Sian", "Rhian", "Catrin"),
        men=("Gareth", "Owain", "Dafydd", "Rhodri"),
        family=(
            "Jones",
            "Davies",
            "Evans",
            "Hughes",
            "Lewis",
            "Morgan",
            "Griffiths",
            "Price",
            "Pritchard",
        ),
    ),
    "south_asian_muslim": Origin(  # Pakistani and Bangladeshi
        80,
        girls=(
            "Zara",
            "Aisha",
            "Maryam",
            "Fatima",
            "Hafsa",
            "Khadija",
            "Inaya",
            "Zainab",
            "Noor",
        ),
        boys=(
            "Muhammad",
            "Ibrahim",
            "Yusuf",
            "Zayn",
            "Ayaan",
            "Rayyan",
            "Hamza",
            "Ali",
            "Bilal",
        ),
        women=("Nadia", "Samina", "Shazia", "Nazia", "Rukhsana", "Farah", "Ayesha"),
        men=("Imran", "Tariq", "Asif", "Kamran", "Shahid", "Nadeem"),
        family=(
            "Khan",
            "Hussain",
            "Ahmed",
            "Ali",
            "Shah",
            "Akhtar",
            "Iqbal",
            "Rahman",
            "Chowdhury",
            "Miah",
            "Uddin",
            "Mahmood",
        ),
        women_family=("Begum", "Khatun", "Bibi"),
        avoid=_HINDU_SIKH,
    ),
    "indian": Origin(  # Hindu, many Gujarati
        40,
        girls=("Priya", "Diya", "Saanvi", "Ananya", "Anaya"),
        boys=("Aarav", "Arjun", "Vihaan", "Rohan", "Dev"),
        women=("Sunita", "Pooja", "Kavita", "Anjali", "Deepa"),
        men=("Rajesh", "Sanjay", "Vikram", "Amit", "Rahul"),
        family=("Patel", "Sharma", "Mistry", "Joshi", "Parmar", "Desai"),
        avoid=_MUSLIM,
    ),
    "sikh": Origin(  # Punjabi Sikh
        25,
        girls=("Simran", "Jasleen", "Harleen", "Gurleen"),
        boys=("Kabir", "Arjan", "Jaskaran", "Harvir", "Sukhman"),
        women=("Harpreet", "Jasbir", "Manpreet", "Kulwinder"),
        men=("Harjit", "Gurpreet", "Jaswinder", "Sukhdev"),
        family=("Singh", "Gill", "Sandhu", "Dhillon", "Sidhu", "Bains"),
        women_family=("Kaur",),
        avoid=_MUSLIM,
    ),
    "polish": Origin(  # Polish and Eastern European
        45,
        girls=("Zuzanna", "Julia", "Maja", "Hanna", "Oliwia"),
        boys=("Jakub", "Szymon", "Filip", "Antoni"),
        women=("Agnieszka", "Katarzyna", "Magdalena", "Ewa"),
        men=("Tomasz", "Piotr", "Marcin", "Krzysztof"),
        family=("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski"),
    ),
    "romanian": Origin(
        25,
        girls=("Ioana", "Bianca", "Andreea", "Daria"),
        boys=("Andrei", "Matei", "Darius", "Alexandru"),
        women=("Elena", "Alina", "Mihaela"),
        men=("Mihai", "Bogdan", "Florin"),
        family=("Popescu", "Ionescu", "Popa", "Dumitru", "Stan"),
    ),
    "nigerian": Origin(
        25,
        girls=("Chiamaka", "Adaeze", "Amara", "Tomi", "Ifeoma"),
        boys=("Tobi", "Chidi", "Tunde", "Femi", "Chinedu"),
        women=("Funmilayo", "Ngozi", "Yetunde", "Chioma"),
        men=("Emeka", "Oluwaseun", "Chukwudi", "Babatunde"),
        family=("Okafor", "Adeyemi", "Okonkwo", "Adebayo", "Eze", "Ogunleye"),
    ),
    "ghanaian": Origin(
        15,
        girls=("Esi", "Akosua", "Ama", "Efua"),
        boys=("Kwame", "Kofi", "Kwasi", "Yaw"),
        women=("Abena", "Adwoa", "Akua", "Yaa"),
        men=("Kwabena", "Kojo", "Kwaku"),
        family=("Mensah", "Owusu", "Boateng", "Asante"),
    ),
    "somali": Origin(
        15,
        girls=("Hodan", "Ayaan", "Ifrah", "Hibo"),
        boys=("Abdirahman", "Abdullahi", "Liban"),
        women=("Nasra", "Sagal", "Amina", "Fadumo"),
        men=("Abdi", "Mohamed", "Yusuf"),
        family=("Mohamed", "Abdi", "Warsame", "Farah", "Osman", "Jama"),
        avoid=_HINDU_SIKH,
    ),
    "chinese": Origin(
        15,
        girls=("Mei", "Xin", "Jia", "Yan"),
        boys=("Wei", "Jun", "Jian", "Zhi"),
        women=("Li", "Hui", "Lan", "Xiaoling"),
        men=("Chen", "Hao", "Ming"),
        family=("Chen", "Wang", "Li", "Zhang", "Liu", "Huang"),
    ),
    "vietnamese": Origin(
        8,
        girls=("Linh", "Anh", "Mai"),
        boys=("Minh", "Bao", "Khang"),
        women=("Thuy", "Hoa", "Lien"),
        men=("Duc", "Tuan", "Long"),
        family=("Nguyen", "Tran", "Pham", "Le"),
    ),
    "caribbean": Origin(
        25,
        girls=("Kezia", "Jada", "Tianna", "Shania"),
        boys=("Elijah", "Jayden", "Malachi", "Tyrese"),
        women=("Marcia", "Beverley", "Paulette", "Sonia"),
        men=("Winston", "Delroy", "Leroy", "Marlon"),
        family=("Francis", "Grant", "Bailey", "Richards", "Gayle", "Samuels", "Henry"),
    ),
    "arabic": Origin(
        12,
        girls=("Amira", "Layla", "Yasmin", "Lina"),
        boys=("Omar", "Karim", "Zaid", "Adam"),
        women=("Rania", "Huda", "Samira"),
        men=("Khalid", "Samir", "Tarek"),
        family=("Hassan", "Haddad", "Saleh", "Mansour", "Khalil"),
        avoid=_HINDU_SIKH,
    ),
    "turkish": Origin(
        12,
        girls=("Elif", "Defne", "Zeynep", "Ecrin"),
        boys=("Emir", "Kerem", "Mert", "Ege"),
        women=("Ayse", "Fatma", "Zehra"),
        men=("Mehmet", "Murat", "Hasan"),
        family=("Yilmaz", "Demir", "Kaya", "Celik", "Sahin", "Aydin"),
        avoid=_HINDU_SIKH,
    ),
    "italian": Origin(
        10,
        girls=("Giulia", "Francesca", "Alessia"),
        boys=("Luca", "Marco", "Lorenzo"),
        women=("Chiara", "Giovanna", "Silvia"),
        men=("Giuseppe", "Stefano", "Massimo"),
        family=("Rossi", "Russo", "Bianchi", "Romano", "Esposito"),
    ),
    "iberian": Origin(  # Portuguese and Spanish
        13,
        girls=("Sofia", "Beatriz", "Lucia", "Ines"),
        boys=("Mateo", "Tiago", "Diogo", "Pablo"),
        women=("Ana", "Paula", "Maria", "Carmen"),
        men=("Joao", "Rui", "Carlos", "Miguel"),
        family=("Silva", "Santos", "Ferreira", "Garcia", "Fernandez", "Costa"),
    ),
}


def _flat(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Concatenate in order, dropping repeats (dict keys keep insertion order)."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


# Flat lists for callers that want any name (social connections): girls before boys, women
# before men, as before.
CHILD_GIRLS = _flat(*(origin.girls for origin in ORIGINS.values()))
CHILD_BOYS = _flat(*(origin.boys for origin in ORIGINS.values()))
CHILD_GIVEN = CHILD_GIRLS + CHILD_BOYS
ADULT_WOMEN = _flat(*(origin.women for origin in ORIGINS.values()))
ADULT_MEN = _flat(*(origin.men for origin in ORIGINS.values()))
ADULT_GIVEN = ADULT_WOMEN + ADULT_MEN
FAMILY = _flat(*(origin.family + origin.women_family for origin in ORIGINS.values()))

# A few names with diacritics, so mail headers and exports need real charset handling.
ACCENTED_GIVEN = ("Zoë", "Siân", "Chloë", "Renée", "Łucja", "Ştefan", "Márta", "José", "Noël")

TITLES_FEMALE = ("Mrs", "Ms", "Miss")
TITLES_MALE = ("Mr",)


SCHOOL_NAMES = (
    "Oakfield",
    "Millbrook",
    "Heathbrook",
    "Ashworth",
    "Brookside",
    "Fernhill",
    "Hollins",
    "Larkrise",
    "Moorside",
    "Riverside",
    "Thornbury",
    "Westfield",
    "Elmwood",
    "Kingsmead",
)

# Geographic drama ranges (Ofcom): area code, local prefix, place.
AREAS = (  # English towns only: the year groups, terms and ParentPay are England's
    ("0113", "496", "Leeds"),
    ("0114", "496", "Sheffield"),
    ("0115", "496", "Nottingham"),
    ("0116", "496", "Leicester"),
    ("0117", "496", "Bristol"),
    ("0118", "496", "Reading"),
    ("0121", "496", "Birmingham"),
    ("0151", "496", "Liverpool"),
    ("0161", "496", "Manchester"),
    ("020", "7946", "London"),
    ("0191", "498", "Newcastle"),
)

WEBMAIL = (
    "gmail.com",
    "outlook.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "icloud.com",
    "btinternet.com",
)

# Places for trips: generic and fictional, so no real venue is implied.
TRIP_PLACES = (
    "the Fellside Outdoor Centre",
    "the city museum",
    "the science discovery centre",
    "Hollow Wood country park",
    "the local fire station",
    "the art gallery",
    "the sea life centre",
    "the Roman fort",
    "the theatre",
    "the farm park",
)
