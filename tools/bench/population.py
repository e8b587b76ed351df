"""Who the generated guests are and when they stayed: plain Python, seeded,
so that the same scale always gives the same data set.

Guests: names, e-mails, phones, nationalities, ID documents, birthdays; about
1 % share an e-mail, a phone or an ID number with another guest (possible
duplicates); a few are VIPs, employees of corporate accounts, restricted, or
have preferences and allergies. Their stays: a history of non-overlapping
stays each (about 8 % back to back, 2 % long stays of four weeks or more),
mostly checked out over the last five years, some in house or arriving
today, some booked ahead, some cancelled or no-shows; about a fifth of all
stays invoiced, most of those paid. One guest has 500 stays and one has 10
(the guest form is measured on both).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST = (
    "Anna Ben Chen Clara David Elena Felix Grace Hans Ines Jakob Julia Karl Laura Li "
    "Lucas Maria Mateo Mei Nina Noah Olga Omar Paul Petra Qiang Rosa Sami Sara Sofia "
    "Tom Ursula Victor Wei Xin Yuki Yusuf Zoe Amir Beatriz Carlos Daniela Emil Fatima "
    "Giulia Hiro Ivan Jana Kenji Lea Marco Nora Oscar Priya Ravi Sven Tara Uma Vera"
).split()
LAST = (
    "Keller Müller Rossi Wang Li Zhang Smith Jones Garcia Martin Bernard Dubois Schmidt "
    "Meier Weber Huber Novak Silva Santos Kim Park Tanaka Sato Suzuki Ivanov Petrov "
    "Nielsen Jensen Hansen Larsen Berg Lund Costa Ferrari Romano Fischer Wagner Becker "
    "Hoffmann Schulz Brown Taylor Wilson Moore Clark Lewis Walker Hall Young King Wright "
    "Lopez Hill Scott Green Adams Baker Nelson Carter"
).split()
# nationalities (base.<code>) and their weights
NATIONALITIES = {
    "ch": 30, "de": 15, "fr": 10, "it": 8, "us": 7, "uk": 6, "cn": 6, "jp": 3, "es": 3,
    "nl": 2, "at": 2, "be": 1, "se": 1, "br": 1, "in": 2, "au": 1, "ca": 1, "kr": 1,
}  # fmt: skip
# nights of a stay and their weights; 28-45 nights are the long stays
NIGHTS = [(1, 22), (2, 25), (3, 16), (4, 10), (5, 7), (6, 4), (7, 6)]
NIGHTS += [(n, 1) for n in range(8, 15)] + [(n, 0.11) for n in range(28, 46)]
# the days the chain has run hotel_crm: the stays that left within them (or
# have not left yet) were written by the desk, with their chatter
DESK_DAYS = 365


@dataclass
class Guest:
    index: int
    name: str
    email: str
    phone: str
    id_number: str
    birthdate: object
    gender: str
    nationality: str
    vip: bool = False
    do_not_disclose: bool = False
    consent: bool = False
    hotel: str = "main"
    stays: int = 0
    employer: int | None = None  # index of the corporate account
    restricted: bool = False
    preferences: list = field(default_factory=list)  # (allergy?, name)


@dataclass
class Stay:
    guest: int  # index of the guest
    check_in: object
    nights: int
    kind: str
    hotel: str
    room: str


def _stay_counts(rng, guests, stays):
    """How many stays each guest has: a long tail (most guests come once or
    twice, some dozens of times), 5 % none; guest 0 has 500, guest 1 has 10
    (when the scale allows)."""
    counts = [0] * guests
    special = [min(500, stays // 4), min(10, stays // 40)] if guests > 2 else []
    counts[: len(special)] = special
    rest = stays - sum(special)
    weights = [
        0.0
        if i < len(special) or rng.random() < 0.05
        else rng.expovariate(1.0) ** 2 + 0.15
        for i in range(guests)
    ]
    total = sum(weights) or 1.0
    for i, w in enumerate(weights):
        if w:
            counts[i] = min(250, max(1, round(w * rest / total)))
    # adjust to the exact total, one stay at a time on random guests
    regular = [i for i, w in enumerate(weights) if w]
    diff = stays - sum(counts)
    while diff and regular:
        i = rng.choice(regular)
        if diff > 0 and counts[i] < 250:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 1:
            counts[i] -= 1
            diff += 1
    return counts


def plan_guests(count, stays, corporate_accounts, seed=42):
    rng = random.Random(seed)
    counts = _stay_counts(rng, count, stays)
    nationalities = list(NATIONALITIES)
    weights = list(NATIONALITIES.values())
    guests = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        guest = Guest(
            index=i,
            name=f"{first} {last}",
            email=f"{first}.{last}.{i}@example.com".lower().replace("ü", "ue"),
            phone=f"+41 79 {i // 10000 % 1000:03d} {i // 100 % 100:02d} {i % 100:02d}",
            id_number=f"X{i:08d}",
            birthdate=None,
            gender=rng.choice(("female", "male", "female", "male", "other")),
            nationality=rng.choices(nationalities, weights)[0],
            vip=rng.random() < 0.03,
            do_not_disclose=rng.random() < 0.01,
            consent=rng.random() < 0.4,
            hotel="second" if rng.random() < 0.1 else "main",
            stays=counts[i],
        )
        guest.birthdate = date(
            1940 + rng.randrange(66), 1 + rng.randrange(12), 1 + rng.randrange(28)
        )
        if i > 1:
            # possible duplicates: the same e-mail, phone or ID as an earlier guest
            r = rng.random()
            if r < 0.01:
                guest.email = guests[rng.randrange(i)].email
            elif r < 0.015:
                guest.phone = guests[rng.randrange(i)].phone
            elif r < 0.018:
                guest.id_number = guests[rng.randrange(i)].id_number
            if corporate_accounts and rng.random() < 0.01:
                guest.employer = rng.randrange(corporate_accounts)
                guest.hotel = "main"
            guest.restricted = rng.random() < 0.003
            if rng.random() < 0.05:
                guest.preferences.append(
                    (True, rng.choice(("Peanuts", "Gluten", "Shellfish", "Lactose")))
                )
            if rng.random() < 0.08:
                guest.preferences.append(
                    (
                        False,
                        rng.choice(("Feather-free pillow", "High floor", "Quiet room")),
                    )
                )
        guests.append(guest)
    return guests


def _nights(rng):
    values, weights = zip(*NIGHTS, strict=True)
    return rng.choices(values, weights)[0]


def plan_stays(guests, today, room_shares, invoiced_share=0.2, seed=43):
    """Every guest's stays, without overlaps: (Stay, ...) in no order.
    ``room_shares``: {hotel or "corporate": [(room code, weight)]}."""
    rng = random.Random(seed)
    stays = []
    for guest in guests:
        k = guest.stays
        if not k:
            continue
        nights = [
            _nights(rng) if k < 200 else rng.choice((1, 1, 2, 2, 3)) for _ in range(k)
        ]
        span = max(5 * 365, int(sum(nights) * 1.3))
        mean_gap = max(1.0, (span - sum(nights)) / k)
        gaps = [
            0 if rng.random() < 0.08 else 1 + int(rng.expovariate(1 / mean_gap))
            for _ in range(k)
        ]
        # where the last stay is: in the past mostly, in house, arriving today
        # or booked ahead for some
        r = rng.random()
        if guest.restricted or r < 0.83:
            last_in = today - timedelta(days=nights[-1] + rng.randrange(1, 300))
        elif r < 0.855:
            last_in = today - timedelta(days=rng.randrange(0, nights[-1] + 1))
        elif r < 0.86:
            last_in = today
        else:
            last_in = today + timedelta(days=rng.randrange(1, 150))
        start = last_in
        periods = []
        for j in range(k - 1, -1, -1):
            periods.append((start, nights[j]))
            if j:
                start = start - timedelta(days=gaps[j] + nights[j - 1])
        rooms = room_shares["corporate" if guest.employer is not None else guest.hotel]
        codes, weights = zip(*rooms, strict=True)
        for check_in, n in periods:
            room = rng.choices(codes, weights)[0]
            stays.append(
                Stay(
                    guest.index,
                    check_in,
                    n,
                    _kind(rng, check_in, n, today),
                    guest.hotel,
                    room,
                )
            )
    # invoices for about a fifth of all stays, most of them paid
    done = [s for s in stays if s.kind == "checked_out"]
    share = min(1.0, invoiced_share * len(stays) / max(1, len(done)))
    for stay in done:
        fb = "_fb" if rng.random() < 0.3 else ""
        if rng.random() < share:
            stay.kind = ("paid" if rng.random() < 0.85 else "invoiced") + fb
        else:
            stay.kind = "checked_out" + fb
    return stays


def is_desk_stay(check_in, nights, today):
    """Whether the desk wrote the stay, with its chatter: it left within the
    ``DESK_DAYS`` hotel_crm has run, or has not left yet; the others were
    imported as history."""
    return check_in + timedelta(days=nights) >= today - timedelta(days=DESK_DAYS)


def _kind(rng, check_in, nights, today):
    check_out = check_in + timedelta(days=nights)
    if check_out < today:
        r = rng.random()
        return "cancelled" if r < 0.04 else "no_show" if r < 0.06 else "checked_out"
    if check_in > today:
        return "cancelled" if rng.random() < 0.05 else "booked"
    if check_in == today and rng.random() < 0.5:
        return "booked"
    return "checked_in"
