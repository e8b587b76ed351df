"""The benchmark's membership operations: the daily evaluation of every
guest, on a first run and on a day when about 1 % of the guests change (see
``operations.py``)."""

from datetime import timedelta

from .registry import Target, operation, run_until_done


def _levels(env):
    env.cr.execute("SELECT COUNT(*) FROM res_partner WHERE guest_level_id IS NOT NULL")
    return env.cr.fetchone()[0]


@operation(
    "membership_first_run",
    "Membership evaluation of all guests, first run",
    Target(ms=30000),
    user="admin",
)
def membership_first_run(bench, env, state):
    run_until_done(env["res.partner"]._hotel_cron_evaluate_membership)
    return _levels(env)


@operation(
    "membership_rerun",
    "Membership evaluation of all guests, 1 % of them changed",
    Target(ms=3000),
    user="admin",
)
def membership_rerun(bench, env, state):
    run_until_done(env["res.partner"]._hotel_cron_evaluate_membership)
    env.cr.execute(
        "SELECT COUNT(*) FROM hotel_membership_history WHERE id > %s", [state]
    )
    return env.cr.fetchone()[0]


@membership_rerun.setup
def _rerun_setup(bench, env):
    """The first run done, then 1 % of the guests with a long stay that
    earns them a level (a day's departures at a large chain)."""
    admin = bench.env_for("admin")
    run_until_done(admin["res.partner"]._hotel_cron_evaluate_membership)
    count = bench.size(max(bench.info["guests"] // 100, 1))
    start = bench.today - timedelta(days=12)
    guests = bench.free_guests(count, start, bench.today)
    admin["hotel.stay"].create(
        [
            {
                "partner_id": guest_id,
                "check_in_date": start,
                "check_out_date": bench.today - timedelta(days=1),
                "state": "checked_out",
            }
            for guest_id in guests
        ]
    )
    admin.flush_all()
    admin.cr.execute("SELECT COALESCE(MAX(id), 0) FROM hotel_membership_history")
    return admin.cr.fetchone()[0]
