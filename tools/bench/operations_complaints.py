"""The benchmark's complaint operation: the escalation of the complaints past
their deadlines (the scheduled action every 15 minutes), over 100 and over
999 of them: the same queries but Odoo's batches of inserts and updates (see
``operations.py``)."""

from datetime import timedelta

from odoo import fields

from .registry import Target, operation


def _escalate(env):
    """One call of the scheduled action (a batch holds up to 1,000)."""
    return env["hotel.complaint"]._hotel_cron_escalate()


def _overdue_complaints(bench, env, count):
    """``count`` complaints reported two days ago, high severity: past both
    deadlines (acknowledge within an hour, resolve within a day)."""
    admin = bench.env_for("admin")
    guests = bench.free_guests(count, bench.today, bench.today + timedelta(days=1))
    category = admin.ref("hotel_crm.hotel_complaint_category_noise")
    department = admin.ref("hotel_crm.hotel_department_front_office")
    department.manager_id = admin.ref("base.user_admin")
    reported = fields.Datetime.now() - timedelta(days=2)
    complaints = admin["hotel.complaint"].create(
        [
            {
                "partner_id": guest_id,
                "category_id": category.id,
                "severity": "high",
                "description": "Noise from the street all night.",
                "reported_date": reported,
            }
            for guest_id in guests
        ]
    )
    admin.flush_all()
    admin.cr.precommit.run()
    return complaints.ids


def _escalated(env, ids):
    env.cr.execute(
        "SELECT COUNT(*) FROM hotel_complaint WHERE id = ANY(%s) AND escalation_level = 2",
        [ids],
    )
    return env.cr.fetchone()[0]


@operation(
    "complaint_escalation_100",
    "Complaint escalation, 100 past their deadlines",
    Target(),
    user="admin",
)
def complaint_escalation_100(bench, env, state):
    _escalate(env)
    return _escalated(env, state)


@complaint_escalation_100.setup
def _setup_100(bench, env):
    return _overdue_complaints(bench, env, bench.size(100))


@operation(
    "complaint_escalation_1000",
    "Complaint escalation, 999 past their deadlines",
    # Odoo writes 100 rows per INSERT and per UPDATE: only those may grow
    Target(
        same_queries_as="complaint_escalation_100", except_kinds=("INSERT", "UPDATE")
    ),
    user="admin",
)
def complaint_escalation_1000(bench, env, state):
    _escalate(env)
    return _escalated(env, state)


@complaint_escalation_1000.setup
def _setup_1000(bench, env):
    # one batch of the scheduled action (1,000) not quite full: the same path
    # as for 100
    return _overdue_complaints(bench, env, bench.size(999))
