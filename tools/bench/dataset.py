"""What the benchmark database holds before the bulk load, all written
through the ORM: two hotels with a chart of accounts and a 15 % sales tax on
the hotel's services, room types, the benchmark's users, and the templates
the bulk load copies (``clone.py``): one guest file, and each shape of stay
(booked, cancelled, no-show, in house, checked out, invoiced, paid; with or
without a restaurant bill; billed to the guest or to a corporate account) in
each room type, written twice (2 and 3 nights) the way the front desk and the
accountants write them: booked, checked in on the arrival day, checked out
on the departure day, invoiced by the module's invoicing, posted and paid
through Odoo's payment wizard on that day.

The chain has run hotel_crm for a year (``population.DESK_DAYS``): the
stays that left since, or have not left yet, are written the way the desk
and the accountants write them, with the chatter their work leaves (creation
messages, tracked changes, followers), by the benchmark's manager; the older
stays are written as a history import writes them: without chatter tracking
or creation messages (``HISTORY_CONTEXT``).
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command

from .bundle import Side
from .schema import GenerationError

HISTORY_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
}
# kinds of stays that have not left: never imported as history
OPEN_KINDS = ("booked", "checked_in")
# room types of each hotel: (code, name, nightly rate, share of the stays)
ROOM_TYPES = {
    "main": [
        ("SGL", "Single", 90, 30),
        ("DBL", "Double", 120, 45),
        ("STE", "Suite", 250, 8),
        ("FAM", "Family Room", 160, 17),
    ],
    "second": [("DBL", "Double", 110, 70), ("STE", "Suite", 220, 30)],
}
# stay shapes: status reached, restaurant bill, invoice, payment
KINDS = {
    "booked": ("booked", False, False, False),
    "cancelled": ("cancelled", False, False, False),
    "no_show": ("no_show", False, False, False),
    "checked_in": ("checked_in", False, False, False),
    "checked_out": ("checked_out", False, False, False),
    "checked_out_fb": ("checked_out", True, False, False),
    "invoiced": ("checked_out", False, True, False),
    "invoiced_fb": ("checked_out", True, True, False),
    "paid": ("checked_out", False, True, True),
    "paid_fb": ("checked_out", True, True, True),
}
FB_AMOUNT = 45.0
# stays billed to a corporate account: in these room types of the main hotel
CORPORATE_ROOM_TYPES = ("SGL", "DBL")
USERS = {
    "desk": ("bench_desk", "Bench Front Desk", ["hotel_crm.group_hotel_user"]),
    "manager": (
        "bench_manager",
        "Bench Hotel Manager",
        ["hotel_crm.group_hotel_manager", "account.group_account_invoice"],
    ),
}


def prepare(env):
    """The hotels, taxes, room types and users. Returns the ids the rest of
    the generation needs (stored as ``bench.*`` system parameters too)."""
    main = env.ref("base.main_company")
    if main.chart_template != "generic_coa" or not main.account_sale_tax_id:
        raise GenerationError(
            "the main company has no generic chart of accounts with a sales tax: "
            "installing Invoicing in a database without demo data should load it"
        )
    main.name = "Grand Hotel"
    second = env["res.company"].create(
        {"name": "Harbour Hotel", "currency_id": main.currency_id.id}
    )
    env["account.chart.template"].try_loading("generic_coa", second, install_demo=False)
    companies = {"main": main, "second": second}
    # each hotel's points programme, before any stay earns points
    for company in companies.values():
        company._hotel_loyalty_program()
    # the hotel's services carry each hotel's 15 % sales tax
    products = env["product.product"].search([("hotel_charge_type", "!=", False)])
    products.taxes_id = [Command.set((main | second).account_sale_tax_id.ids)]
    room_types = {}
    for hotel, types in ROOM_TYPES.items():
        for code, name, rate, _share in types:
            room_types[hotel, code] = (
                env["hotel.room.type"]
                .with_company(companies[hotel])
                .create({"name": name, "code": code, "default_rate": rate})
            )
    users = {}
    for role, (login, name, groups) in USERS.items():
        users[role] = (
            env["res.users"]
            .with_context(no_reset_password=True, **HISTORY_CONTEXT)
            .create(
                {
                    "login": login,
                    "name": name,
                    "tz": "UTC",
                    "company_id": main.id,
                    "company_ids": [
                        Command.set(
                            [main.id] if role == "desk" else [main.id, second.id]
                        )
                    ],
                    "groups_id": [
                        Command.set(
                            [
                                env.ref("base.group_user").id,
                                *(env.ref(g).id for g in groups),
                            ]
                        )
                    ],
                }
            )
        )
    return companies, room_types, users


def template_guest(env):
    """The guest file every generated guest is a copy of (its own values
    replaced): written by the ORM with every field of the guest file set."""
    return (
        env["res.partner"]
        .with_context(**HISTORY_CONTEXT)
        .create(
            {
                "name": "Template Guest File",
                "is_hotel_guest": True,
                "email": "template.guest@example.com",
                "phone": "+41 79 000 00 00",
                "lang": "en_US",
                "guest_birthdate": "1980-05-17",
                "guest_gender": "female",
                "guest_nationality_id": env.ref("base.ch").id,
                "guest_id_type": "passport",
                "guest_id_number": "X0000000",
            }
        )
    )


def bundle_keys():
    """Every (hotel, room type code, kind, corporate, desk) the load copies:
    ``desk`` when written by the desk with chatter, else imported history."""
    shapes = [
        (hotel, code, False)
        for hotel, types in ROOM_TYPES.items()
        for code, *_r in types
    ]
    shapes += [("main", code, True) for code in CORPORATE_ROOM_TYPES]
    return [
        (hotel, code, kind, corporate, desk)
        for hotel, code, corporate in shapes
        for desk in (False, True)
        for kind in KINDS
        if desk or kind not in OPEN_KINDS
    ]


def bundle_dates(kind, desk):
    """The check-in of a kind's templates: in the past (within the desk's
    year for the desk's stays), except the booking (in a month) and the stay
    in house (arrived yesterday)."""
    today = fields.Date.today()
    if kind == "booked":
        return today + timedelta(days=30)
    if kind == "checked_in":
        return today - timedelta(days=1)
    day = today - timedelta(days=100 if desk else 400)
    # the templates' invoices (up to three nights later) in the year of the
    # first invoice made before them (``first_invoices``)
    if (day + timedelta(days=4)).year != day.year:
        day -= timedelta(days=5)
    return day


def template_guests(env, keys):
    """Two guests per stay shape (one per template), written before the
    templates so that the templates' rows hold only the stays' own rows."""
    Partner = env["res.partner"].with_context(**HISTORY_CONTEXT)
    corporation = Partner.create(
        {
            "name": "Template Corporation",
            "is_company": True,
            "guest_corporate_account": True,
        }
    )
    guests = {}
    for key in keys:
        hotel, code, kind, corporate, desk = key
        for side in "ab":
            guests[key, side] = Partner.create(
                {
                    "name": f"Template Guest {hotel} {code} {kind}{' corporate' if corporate else ''}{' desk' if desk else ''} {side}",
                    "is_hotel_guest": True,
                    "parent_id": corporation.id if corporate else False,
                }
            )
    return guests


def first_invoices(env, companies, room_types, user, numeric_columns):
    """An invoiced stay in each hotel in each year of the templates, before
    them: Odoo numbers a year's first draft invoice of a journal at once (its
    chatter shows the number), the others when they are posted."""
    for hotel, types in ROOM_TYPES.items():
        for desk in (False, True):
            guest = (
                env["res.partner"]
                .with_context(**HISTORY_CONTEXT)
                .create(
                    {
                        "name": f"First Guest of the Year {hotel}{' desk' if desk else ''}",
                        "is_hotel_guest": True,
                    }
                )
            )
            key = (hotel, types[0][0], "invoiced", False, desk)
            make_template(
                env, companies, room_types, user, guest, key, 1, numeric_columns
            )


def _partner_values(env, partners):
    env.flush_all()
    env.cr.execute("SELECT * FROM res_partner WHERE id IN %s", [tuple(partners.ids)])
    return {row["id"]: row for row in env.cr.dictfetchall()}


def _deltas(before, after, numeric_columns):
    deltas = {}
    for column, value in after.items():
        if value == before[column] or column in ("write_date", "write_uid"):
            continue
        if column not in numeric_columns:
            raise GenerationError(
                f"a template changed res_partner.{column} of its guest"
            )
        deltas[column] = value - before[column]
    return deltas


def make_template(
    env, companies, room_types, user, guest, key, nights, numeric_columns
):
    """Write one stay of the shape ``key`` through the ORM, the way the
    desk and the accountants do, each step on its day: by ``user`` with the
    chatter for the desk's stays, as a history import for the others.
    Returns its Side."""
    hotel, code, kind, _corporate, desk = key
    state, fb, invoice, paid = KINDS[kind]
    company = companies[hotel]
    context = dict(env.context, allowed_company_ids=[company.id])
    env = (
        env(user=user, context=context)
        if desk
        else env(context=dict(context, **HISTORY_CONTEXT))
    )
    check_in = bundle_dates(kind, desk)
    check_out = check_in + timedelta(days=nights)
    today = fields.Date.today()

    @contextmanager
    def on(day):
        """A step on its day; for the desk's stays, its tracked changes
        written when it ends, as at the end of the request that made it."""
        with freeze_time(datetime.combine(day, time(12, 0))):
            yield
            if desk:
                env.cr.precommit.run()

    billing = guest.commercial_partner_id if guest.parent_id else guest
    before = _partner_values(env, guest | billing)
    with on(min(check_in, today)):
        stay = env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "room_type_id": room_types[hotel, code].id,
                "check_in_date": check_in,
                "check_out_date": check_out,
                "channel": "phone",
            }
        )
    if state == "cancelled":
        with on(check_in):
            stay.action_cancel()
    elif state == "no_show":
        with on(check_in):
            stay.action_mark_no_show()
    elif state in ("checked_in", "checked_out"):
        with on(check_in):
            stay.action_check_in()
            if fb:
                env["hotel.stay.line"].create(
                    {
                        "stay_id": stay.id,
                        "product_id": env.ref(
                            "hotel_crm.product_hotel_food_beverage"
                        ).id,
                        "price_unit": FB_AMOUNT,
                        "date": check_in,
                    }
                )
    if state == "checked_out":
        with on(check_out):
            stay.action_check_out()
            if invoice:
                moves = (
                    env["hotel.stay.make.invoice"]
                    .create({"stay_ids": [Command.set(stay.ids)]})
                    ._create_invoices()
                )
                moves.action_post()
                if paid:
                    moves._hotel_demo_register_payment()
    if stay.state != state:
        raise GenerationError(f"the template {key} is {stay.state}, not {state}")
    after = _partner_values(env, guest | billing)
    roles = (
        {"guest": guest.id}
        if billing == guest
        else {"guest": guest.id, "billing": billing.id}
    )
    room_line = stay.line_ids.filtered(lambda line: line.charge_type == "room")
    return Side(
        stay_id=stay.id,
        guest_id=guest.id,
        billing_id=billing.id,
        guest_name=guest.name,
        billing_name=billing.name,
        stay_name=stay.name,
        charge_name=room_line.name or None,
        check_in=check_in,
        nights=nights,
        partner_deltas={
            role: _deltas(before[pid], after[pid], numeric_columns)
            for role, pid in roles.items()
        },
    )
