"""The benchmark's guest care operations: the daily retention pass (rhythms,
scores, segments and churn risk of every guest), on a first run and on a day
when about 1 % of the guests stayed, and the list of the guests the data
retention would anonymize (see ``operations.py``)."""

from datetime import timedelta

from .registry import Target, operation, run_until_done


def _rows(env):
    env.cr.execute("SELECT COUNT(*) FROM hotel_guest_retention")
    return env.cr.fetchone()[0]


@operation(
    "retention_first_run",
    "Guest retention of all guests, first run",
    Target(ms=30000),
    user="admin",
)
def retention_first_run(bench, env, state):
    run_until_done(env["hotel.guest.retention"]._hotel_cron_refresh)
    return _rows(env)


@operation(
    "retention_rerun",
    "Guest retention of all guests, 1 % of them stayed",
    Target(ms=3000),
    user="admin",
)
def retention_rerun(bench, env, state):
    run_until_done(env["hotel.guest.retention"]._hotel_cron_refresh)
    env.cr.execute(
        "SELECT COUNT(*) FROM hotel_guest_retention WHERE write_date > %s", [state]
    )
    return env.cr.fetchone()[0]


@retention_rerun.setup
def _rerun_setup(bench, env):
    """The first run done, then 1 % of the guests with a stay that ended
    yesterday (a day's departures at a large chain)."""
    admin = bench.env_for("admin")
    run_until_done(admin["hotel.guest.retention"]._hotel_cron_refresh)
    count = bench.size(max(bench.info["guests"] // 100, 1))
    start = bench.today - timedelta(days=3)
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
    admin.cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
    return admin.cr.fetchone()[0]


@operation(
    "data_retention_preview",
    "Guests the data retention would anonymize (1,095 days), list",
    Target(),
    user="manager",
)
def data_retention_preview(bench, env, state):
    Partner = env["res.partner"].with_context(hotel_retention_preview_days=1095)
    domain = [("is_hotel_guest", "=", True), ("guest_retention_due", "=", True)]
    Partner.search_fetch(domain, ["name", "guest_code"], limit=80)
    return Partner.search_count(domain)
