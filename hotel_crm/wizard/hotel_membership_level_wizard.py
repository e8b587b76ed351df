from odoo import api, fields, models
from odoo.exceptions import UserError


class HotelMembershipLevelWizard(models.TransientModel):
    """A Hotel Manager sets a guest's level by hand (a VIP, a status match,
    a correction), and may lock it so that the daily evaluation leaves it
    alone. Only managers have access to this model."""

    _name = "hotel.membership.level.wizard"
    _description = "Change a Guest's Membership Level"
    _inherit = ["hotel.guard.mixin"]

    partner_id = fields.Many2one("res.partner", string="Guest", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    level_id = fields.Many2one(
        "hotel.membership.level",
        string="New Level",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Leave empty to remove the guest's level.",
    )
    valid_until = fields.Date(
        compute="_compute_valid_until",
        store=True,
        readonly=False,
        help="Until when the level is kept.",
    )
    locked = fields.Boolean(
        string="Lock the Level",
        help="The daily evaluation leaves the level of a locked guest as it is.",
    )
    lock_reason = fields.Char(size=256)

    @api.depends("level_id", "company_id")
    def _compute_valid_until(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.valid_until = (
                self.env["res.partner"]._hotel_level_validity(today, wizard.company_id)
                if wizard.level_id
                else False
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(
            values.get("partner_id") or self.env.context.get("active_id")
        )
        if partner and self.env.context.get("active_model") == "res.partner":
            values.setdefault("partner_id", partner.id)
            values.setdefault("level_id", partner.sudo().guest_level_id.id)
            values.setdefault("locked", partner.sudo().guest_level_locked)
            values.setdefault("lock_reason", partner.sudo().guest_level_lock_reason)
        return values

    def action_apply(self):
        self.ensure_one()
        # the access rights of this model (Hotel Managers) decide who may
        self.check_access("write")
        company = self.env.company
        if self.company_id != company:
            raise UserError(
                self.env._(
                    "This change was opened in %(hotel)s, but you are now working "
                    "in %(current)s: open it again from %(current)s.",
                    hotel=self.company_id.name,
                    current=company.name,
                )
            )
        if self.locked and not (self.lock_reason or "").strip():
            raise UserError(
                self.env._("Give the reason why the guest's level is locked.")
            )
        partner = self.partner_id
        partner.check_access("write")
        guest = partner.sudo().with_company(company)
        if guest.guest_anonymized or not guest.is_hotel_guest:
            raise UserError(
                self.env._(
                    "%(guest)s has no guest file (or it was anonymized): there is no "
                    "level to set.",
                    guest=partner.display_name,
                )
            )
        old = guest.guest_level_id
        values = {
            "guest_level_id": self.level_id.id,
            "guest_level_valid_until": self.valid_until if self.level_id else False,
            "guest_level_locked": self.locked,
            "guest_level_lock_reason": self.lock_reason if self.locked else False,
        }
        if self.level_id and not guest.guest_member_since:
            values["guest_member_since"] = fields.Date.context_today(self)
        level_changed = old != self.level_id
        guest.write(values)
        if level_changed:
            figures = guest._hotel_qualifying_figures(
                fields.Date.context_today(self), company, guest.ids
            ).get(guest.id, {"nights": 0, "stays": 0, "revenue": 0.0})
            self.env["hotel.membership.history"].sudo().create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "old_level_id": old.id,
                    "new_level_id": self.level_id.id,
                    "valid_until": values["guest_level_valid_until"],
                    "reason": "manual",
                    "nights": figures["nights"],
                    "stays": figures["stays"],
                    "revenue": figures["revenue"],
                    "user_id": self.env.uid,
                    "note": self.lock_reason if self.locked else False,
                }
            )
            guest._message_log(
                body=guest._hotel_membership_note(old, self.level_id, "manual")
            )
        return {"type": "ir.actions.act_window_close"}
