from collections import defaultdict

from odoo import api, fields, models

from .hotel_complaint import OPEN_STATES

MANAGERS = "hotel_crm.group_hotel_manager"
# complaints escalated per call of the scheduled action; it calls itself again
# for the rest
ESCALATION_BATCH = 1000


class HotelComplaint(models.Model):
    """Escalation: a complaint not acknowledged in time goes to its
    department's manager (level 1), one not resolved in time to the Hotel
    Managers (level 2), each level once."""

    _inherit = "hotel.complaint"

    @api.model
    def _hotel_escalation_targets(self, now):
        """The complaints past their resolution deadline not yet escalated to
        level 2, and those past their acknowledgement deadline not yet at
        level 1: two searches, whatever their number, at most a batch."""
        Complaint = self.sudo().with_context(active_test=False)
        late = Complaint.search(
            [
                ("state", "in", OPEN_STATES),
                ("escalation_level", "<", 2),
                ("resolve_deadline", "<", now),
            ],
            limit=ESCALATION_BATCH,
        )
        if len(late) >= ESCALATION_BATCH:
            # a full batch: the others at the next call (a limit of 0 would
            # mean no limit at all)
            return late, Complaint.browse()
        unacknowledged = Complaint.search(
            [
                ("state", "=", "new"),
                ("escalation_level", "<", 1),
                ("ack_deadline", "<", now),
                ("id", "not in", late.ids),
            ],
            limit=ESCALATION_BATCH - len(late),
        )
        return late, unacknowledged

    @api.model
    def _hotel_cron_escalate(self):
        """Every 15 minutes: raise the escalation level of the complaints
        past a deadline, with an activity for whom must act and a note in
        their chatter. Set-based (a constant number of queries whatever the
        number of complaints) and idempotent: a complaint is escalated once
        per level."""
        now = fields.Datetime.now()
        late, unacknowledged = self._hotel_escalation_targets(now)
        # level 1: the department's manager (also for a complaint late for
        # both deadlines and never escalated before: nobody was told yet; not
        # for one acknowledged in time)
        level_one = unacknowledged | late.filtered(
            lambda c: (
                c.escalation_level < 1 and c.state == "new" and c.ack_deadline < now
            )
        )
        activities = []
        type_id = self.env.ref("hotel_crm.mail_activity_complaint_escalation").id
        model_id = self.env["ir.model"]._get_id("hotel.complaint")
        today = fields.Date.context_today(self)
        for complaint in level_one:
            manager = complaint.department_id.manager_id
            # a manager who does not work at the complaint's hotel cannot open it
            if (
                manager
                and manager.active
                and complaint.company_id in manager.company_ids
            ):
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": type_id,
                        "user_id": manager.id,
                        "date_deadline": today,
                        "summary": self.env._("Complaint not acknowledged in time"),
                    }
                )
        # level 2: the Hotel Managers of the complaint's hotel
        managers_of = self._hotel_managers_by_company(late.company_id)
        for complaint in late:
            for user in managers_of.get(complaint.company_id.id, ()):
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": type_id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": self.env._("Complaint not resolved in time"),
                    }
                )
        # one activity per person and complaint: a department manager who is
        # also a Hotel Manager gets the level-2 one only
        by_key = {}
        for vals in activities:
            by_key[vals["res_id"], vals["user_id"]] = vals
        activities = list(by_key.values())
        if activities:
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(activities)
        unacknowledged._hotel_escalate_to(
            1,
            self.env._(
                "Escalated to the department manager: the complaint was not "
                "acknowledged within the time of its severity."
            ),
        )
        late._hotel_escalate_to(
            2,
            self.env._(
                "Escalated to the Hotel Managers: the complaint was not resolved "
                "within the time of its severity."
            ),
        )
        done = len(late) + len(unacknowledged)
        # a full batch may leave complaints for the next call, which Odoo
        # makes at once; an empty one ends the run
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=1 if done >= ESCALATION_BATCH else 0
        )
        return done

    def _hotel_escalate_to(self, level, note):
        """Raises the complaints of ``self`` to ``level`` with ``note`` in
        their chatter, the change of level tracked in that note: a message
        per complaint, written for all of them at once (Odoo's own tracking
        writes one message and one tracking value at a time)."""
        if not self:
            return
        field = self.env["ir.model.fields"]._get(self._name, "escalation_level")
        before = [complaint.escalation_level for complaint in self]
        self.with_context(mail_notrack=True).write({"escalation_level": level})
        messages = self._message_log_batch(bodies=dict.fromkeys(self.ids, note))
        self.env["mail.tracking.value"].sudo().create(
            [
                {
                    "field_id": field.id,
                    "old_value_integer": old,
                    "new_value_integer": level,
                    "mail_message_id": message.id,
                }
                for old, message in zip(before, messages, strict=True)
            ]
        )

    @api.model
    def _hotel_managers_by_company(self, companies):
        """``{company id: users}``: the active Hotel Managers (people, not
        the superuser) who work at each of ``companies``: one search."""
        if not companies:
            return {}
        group = self.env.ref(MANAGERS)
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.id),
                    ("share", "=", False),
                    ("company_ids", "in", companies.ids),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
            )
        )
        result = defaultdict(list)
        for user in users:
            for company in user.company_ids & companies:
                result[company.id].append(user)
        return result
