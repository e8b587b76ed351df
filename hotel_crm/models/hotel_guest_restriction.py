from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index


class HotelGuestRestriction(models.Model):
    """A restriction (blocklist entry) of a guest: who set it, why, until when,
    and who lifted it. Hotel Managers create and lift them (access rights);
    the guest file keeps them all as its restriction history, which only
    hotel staff read (the reason is not written in the contact's chatter,
    which every internal user reads)."""

    _name = "hotel.guest.restriction"
    _description = "Guest Restriction"
    _inherit = ["hotel.guard.mixin"]
    _order = "active desc, date_from desc, id desc"
    _rec_name = "partner_id"
    _hotel_protected_fields = ("set_by_id", "lifted_by_id", "lifted_on")

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        # the history outlives no guest, but no one deletes it either
        ondelete="restrict",
    )
    reason = fields.Text(required=True)
    date_from = fields.Date(
        string="Since", required=True, default=fields.Date.context_today
    )
    date_until = fields.Date(
        string="Until", help="Leave empty for a restriction without end."
    )
    set_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    lifted_by_id = fields.Many2one("res.users", copy=False)
    lifted_on = fields.Datetime(copy=False)
    active = fields.Boolean(
        default=True, help="Unticked once a Hotel Manager lifts the restriction."
    )
    is_current = fields.Boolean(
        string="In Force",
        compute="_compute_is_current",
        help="Not lifted, and its end date (if any) has not passed.",
    )

    def init(self):
        res = super().init()
        # The restrictions in force (``_current_domain``) through an index of
        # the active ones; the lifted ones, which keep their dates, grow with
        # the years.
        create_index(
            self.env.cr,
            "hotel_guest_restriction_current_index",
            self._table,
            ["date_until", "partner_id"],
            where="active",
        )
        # Lifted restrictions keep their dates: without statistics of the two
        # columns together, PostgreSQL takes every restriction without end for
        # one in force and scans all the guests to find a handful of them.
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM pg_statistic_ext WHERE stxname = %s",
                "hotel_guest_restriction_current_stats",
            )
        )
        if not self.env.cr.rowcount:
            self.env.cr.execute(
                SQL(
                    "CREATE STATISTICS %s (mcv) ON active, date_until FROM %s",
                    SQL.identifier("hotel_guest_restriction_current_stats"),
                    SQL.identifier(self._table),
                )
            )
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
        return res

    @api.depends("active", "date_until")
    @api.depends_context("date")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for restriction in self:
            restriction.is_current = restriction.active and (
                not restriction.date_until or restriction.date_until >= today
            )

    @api.model
    def _current_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("active", "=", True),
            "|",
            ("date_until", "=", False),
            ("date_until", ">=", today),
        ]

    @api.constrains("reason")
    def _check_reason(self):
        for restriction in self:
            if restriction.partner_id and not (restriction.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason why %(guest)s is restricted.",
                        guest=restriction.partner_id.display_name,
                    )
                )

    @api.constrains("date_from", "date_until")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for restriction in self.filtered("date_until"):
            if restriction.date_until < today or (
                restriction.date_until < restriction.date_from
            ):
                raise ValidationError(
                    self.env._(
                        "The end of a restriction cannot be in the past: leave it empty "
                        "for a restriction without end."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._hotel_browse_ids(
            self._hotel_vals_with_defaults(vals, ["partner_id"]).get("partner_id")
            for vals in vals_list
        )._hotel_check_not_anonymized()
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self.sudo().partner_id.with_env(self.env)._hotel_check_not_anonymized()
        if "partner_id" in vals and any(
            r.partner_id.id != vals["partner_id"] for r in self
        ):
            raise UserError(
                self.env._("A restriction cannot be moved to another guest.")
            )
        # the history is not rewritten: only the end of a restriction in force
        # moves; lifting goes through its button
        if not self.env.su and any(
            self._hotel_changes(fname, vals[fname])
            for fname in vals.keys() - {"date_until", "partner_id"}
        ):
            raise UserError(
                self.env._(
                    "A restriction is not rewritten: lift it and set a new one. Only "
                    "its end date can be changed."
                )
            )
        if not self.env.su and "date_until" in vals and not all(self.mapped("active")):
            raise UserError(
                self.env._("A lifted restriction cannot be changed any more.")
            )
        return super().write(vals)

    def action_lift(self):
        """Lift the restrictions: the check of the user's right to change them
        is the access rights of the model (Hotel Managers)."""
        self.check_access("write")
        self.sudo().partner_id.with_env(self.env)._hotel_check_not_anonymized()
        self.filtered("active").sudo().write(
            {
                "active": False,
                "lifted_by_id": self.env.uid,
                "lifted_on": fields.Datetime.now(),
            }
        )
        return True
