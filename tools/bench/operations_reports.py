"""The benchmark's reporting operations: the guest value of every guest and
the stays' pivot, beside the raw SQL giving the same figures (see
``operations.py``)."""

from .registry import Target, operation

# -- guest value and the stays' report ----------------------------------------

VALUE_FIELDS = [
    "guest_stay_count",
    "guest_night_count",
    "guest_revenue",
    "guest_first_stay_date",
    "guest_last_stay_date",
]


@operation(
    "guest_value_all",
    "Recompute guest value of all guests",
    Target(ratio=1.5),
    user="manager",
)
def guest_value_all(bench, env, state):
    """The figures of every guest at the hotel, as the module computes them
    for a batch (its guest file, scheduled actions and analyses)."""
    figures = env["res.partner"]._hotel_guest_value_figures()
    guests = env["res.partner"].search([("is_hotel_guest", "=", True)])
    none = (0, 0, 0.0, False, False, False)
    return {
        pid: (n, nights, round(revenue, 2), first, last)
        for pid in guests.ids
        for n, nights, revenue, first, last, _long_stay in [figures.get(pid, none)]
    }


@guest_value_all.reference
def _guest_value_sql(bench, env, state):
    env.cr.execute(
        """
        SELECT p.id, COALESCE(s.n, 0), COALESCE(s.nights, 0), COALESCE(-r.balance, 0),
               s.first, s.last
          FROM res_partner p
     LEFT JOIN (SELECT partner_id, COUNT(*) AS n, SUM(nights) AS nights,
                       MIN(check_in_date) AS first, MAX(check_in_date) AS last
                  FROM hotel_stay WHERE company_id = %(company)s
                   AND state IN ('checked_in', 'checked_out')
              GROUP BY partner_id) s ON s.partner_id = p.id
     LEFT JOIN (SELECT hotel_guest_id, SUM(balance) AS balance FROM account_move_line
                 WHERE company_id = %(company)s AND parent_state = 'posted'
                   AND display_type = 'product' AND hotel_guest_id IS NOT NULL
              GROUP BY hotel_guest_id) r ON r.hotel_guest_id = p.id
         WHERE p.is_hotel_guest AND p.active AND (p.company_id IS NULL OR p.company_id = %(company)s)
        """,
        {"company": bench.main.id},
    )
    return {
        pid: (n, nights, round(float(revenue), 2), first or False, last or False)
        for pid, n, nights, revenue, first, last in env.cr.fetchall()
    }


PIVOT_MEASURES = ["room_nights:sum", "amount_untaxed:sum", "__count"]


def _pivot_cells(groups):
    return {
        (
            group["room_type_id"][0] if group["room_type_id"] else None,
            group["__range"]["check_in_date:month"]["from"][:7],
        ): (group["room_nights"], round(group["amount_untaxed"], 2), group["__count"])
        for group in groups
    }


@operation(
    "stays_pivot", "Stays pivot, month x room type", Target(ratio=2), user="manager"
)
def stays_pivot(bench, env, state):
    """The pivot's cells: one read_group by room type and month."""
    groups = env["hotel.stay"].read_group(
        [], PIVOT_MEASURES, ["room_type_id", "check_in_date:month"], lazy=False
    )
    return _pivot_cells(groups)


@stays_pivot.reference
def _pivot_sql(bench, env, state):
    env.cr.execute(
        """
        SELECT room_type_id, to_char(date_trunc('month', check_in_date), 'YYYY-MM'),
               SUM(room_nights), SUM(amount_untaxed), COUNT(*)
          FROM hotel_stay WHERE company_id = %s
      GROUP BY room_type_id, date_trunc('month', check_in_date)
        """,
        [bench.main.id],
    )
    return {
        (rt, month): (nights, round(float(amount), 2), n)
        for rt, month, nights, amount, n in env.cr.fetchall()
    }


@operation(
    "stays_pivot_full",
    "Stays pivot, with its row and column totals",
    Target(),
    user="manager",
)
def stays_pivot_full(bench, env, state):
    """What the web client loads for the pivot: the cells and the totals of
    the rows, of the columns and of all (four read_group calls)."""
    Stay = env["hotel.stay"]
    cells = {}
    for groupby in (
        [],
        ["room_type_id"],
        ["check_in_date:month"],
        ["room_type_id", "check_in_date:month"],
    ):
        groups = Stay.read_group([], PIVOT_MEASURES, groupby, lazy=False)
        if len(groupby) == 2:
            cells = _pivot_cells(groups)
    return cells


@stays_pivot_full.reference
def _pivot_full_sql(bench, env, state):
    """The same four groupings in one scan (GROUPING SETS)."""
    env.cr.execute(
        """
        SELECT room_type_id, to_char(date_trunc('month', check_in_date), 'YYYY-MM'),
               SUM(room_nights), SUM(amount_untaxed), COUNT(*),
               GROUPING(room_type_id, date_trunc('month', check_in_date))
          FROM hotel_stay WHERE company_id = %s
      GROUP BY GROUPING SETS ((), (room_type_id), (date_trunc('month', check_in_date)),
                              (room_type_id, date_trunc('month', check_in_date)))
        """,
        [bench.main.id],
    )
    return {
        (rt, month): (nights, round(float(amount), 2), n)
        for rt, month, nights, amount, n, grouping in env.cr.fetchall()
        if grouping == 0
    }
