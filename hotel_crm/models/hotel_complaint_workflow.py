from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .hotel_complaint import MANAGERS, OPEN_STATES, STEP_DATES


class HotelComplaint(models.Model):
    """The steps of a complaint: acknowledged (the guest is told), handled,
    resolved with a resolution, closed, reopened for a second handling, or
    cancelled by a Hotel Manager."""

    _inherit = "hotel.complaint"

    # ------------------------------------------------------------------
    # The process
    # ------------------------------------------------------------------

    def _hotel_set_state(self, state, extra=None):
        """The state is protected from direct writes: the actions check the
        user's right to change the complaints, then set it with the date of
        the step, in one write (a complaint started without acknowledgement
        is acknowledged at the same time)."""
        self.check_access("write")
        now = fields.Datetime.now()
        complaints = self.sudo()
        if state == "in_progress":
            complaints.filtered(lambda c: not c.acknowledged_date).write(
                {"acknowledged_date": now}
            )
        vals = {"state": state, **(extra or {})}
        if date_field := STEP_DATES.get(state):
            vals[date_field] = now
        complaints.write(vals)

    def _hotel_check_state_for(self, states, message):
        wrong = self.filtered(lambda c: c.state not in states)
        if wrong:
            raise UserError(message % {"complaint": wrong[0].name})

    def action_acknowledge(self):
        self._hotel_check_state_for(
            ("new",),
            self.env._("%(complaint)s is already acknowledged."),
        )
        self._hotel_set_state("acknowledged")
        self._hotel_send_acknowledgement()
        return True

    def action_start(self):
        self._hotel_check_state_for(
            ("new", "acknowledged"),
            self.env._(
                "%(complaint)s is not waiting: only new or acknowledged complaints "
                "are started."
            ),
        )
        unacknowledged = self.filtered(lambda c: c.state == "new")
        self._hotel_set_state("in_progress")
        unacknowledged._hotel_send_acknowledgement()
        return True

    def action_resolve(self):
        self._hotel_check_state_for(
            OPEN_STATES,
            self.env._("%(complaint)s is not open: only open complaints are resolved."),
        )
        for complaint in self:
            if not (complaint.resolution or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the resolution of %(complaint)s before resolving it.",
                        complaint=complaint.name,
                    )
                )
            if complaint.compensation_ids.filtered(lambda c: c.state == "to_approve"):
                raise UserError(
                    self.env._(
                        "A compensation of %(complaint)s waits for approval: approve "
                        "or refuse it before resolving the complaint.",
                        complaint=complaint.name,
                    )
                )
        self._hotel_set_state("resolved", {"satisfaction": False})
        return True

    def action_close(self):
        self._hotel_check_state_for(
            ("resolved",),
            self.env._("%(complaint)s is not resolved: resolve it before closing it."),
        )
        self._hotel_set_state("closed")
        return True

    def action_reopen(self):
        self._hotel_check_state_for(
            ("resolved", "closed"),
            self.env._(
                "%(complaint)s is not resolved or closed: only those are reopened."
            ),
        )
        self._hotel_reopen(self.env._("Reopened for a second handling."))
        return True

    def _hotel_reopen(self, note):
        """A second handling: back in progress, with a new resolution
        deadline from now and the escalation to the Hotel Managers possible
        again (the acknowledgement was given)."""
        self.check_access("write")
        now = fields.Datetime.now()
        for complaint in self.sudo():
            complaint.write(
                {
                    "state": "in_progress",
                    "reopen_count": complaint.reopen_count + 1,
                    "reopened_date": now,
                    "resolved_date": False,
                    "closed_date": False,
                    "escalation_level": min(complaint.escalation_level, 1),
                }
            )
        self.sudo()._message_log_batch(bodies=dict.fromkeys(self.ids, note))

    def action_cancel(self):
        if not self.env.user.has_group(MANAGERS):
            raise AccessError(self.env._("Only a Hotel Manager cancels a complaint."))
        self._hotel_check_state_for(
            OPEN_STATES,
            self.env._(
                "%(complaint)s is not open: only open complaints are cancelled."
            ),
        )
        if self.compensation_ids.filtered(lambda c: c.state == "applied"):
            raise UserError(
                self.env._(
                    "Compensation was given for this complaint: it cannot be cancelled."
                )
            )
        if self.compensation_ids.filtered(lambda c: c.state == "to_approve"):
            raise UserError(
                self.env._(
                    "A compensation of this complaint waits for approval: approve or "
                    "refuse it before cancelling the complaint."
                )
            )
        self._hotel_set_state("cancelled")
        return True

    def _hotel_send_acknowledgement(self):
        """Tells the guest that the complaint was received, by e-mail (only
        with an address)."""
        template = self.env.ref(
            "hotel_crm.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        if not template:
            return
        for complaint in self.sudo().filtered("partner_id.email"):
            complaint.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
