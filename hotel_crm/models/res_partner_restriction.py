from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

HOTEL_STAFF = "hotel_crm.group_hotel_user"


def _lasts(restriction):
    """How long a restriction lasts, to compare two of a guest's."""
    return (restriction.date_until or date.max, restriction.id)


class ResPartner(models.Model):
    """Restrictions (blocklist) of a guest: the rows of
    ``hotel.guest.restriction`` are the facts; the partner only computes
    whether one is in force. Hotel Managers set and lift them (access rights
    of the restriction model); merge moves them like any one2many."""

    _inherit = "res.partner"

    guest_restriction_ids = fields.One2many(
        "hotel.guest.restriction",
        "partner_id",
        string="Restriction History",
        context={"active_test": False},
        groups=HOTEL_STAFF,
    )
    guest_is_restricted = fields.Boolean(
        string="Restricted",
        compute="_compute_guest_restriction",
        search="_search_guest_is_restricted",
        groups=HOTEL_STAFF,
        help="A restriction is in force: not lifted, and its end date (if any) "
        "has not passed.",
    )
    guest_restriction_reason = fields.Text(
        string="Restriction Reason",
        compute="_compute_guest_restriction",
        groups=HOTEL_STAFF,
    )
    guest_restricted_until = fields.Date(
        string="Restricted Until",
        compute="_compute_guest_restriction",
        groups=HOTEL_STAFF,
    )

    @api.depends(
        "guest_restriction_ids.active",
        "guest_restriction_ids.date_until",
        "guest_restriction_ids.reason",
    )
    @api.depends_context("date")
    def _compute_guest_restriction(self):
        self._hotel_check_read("guest_is_restricted")
        in_force = self.env["hotel.guest.restriction"]._current_domain()
        current = {}
        # the guests' restriction history, which the guest file lists anyway:
        # one query and one filter for the batch (a list of 80 guests)
        restrictions = self.filtered("id").guest_restriction_ids
        for restriction in restrictions.filtered_domain(in_force):
            partner_id = restriction.partner_id.id
            # the one that lasts longest: open-ended first, then the latest
            # end, then the latest recorded
            if partner_id not in current or _lasts(restriction) > _lasts(
                current[partner_id]
            ):
                current[partner_id] = restriction
        empty = self.env["hotel.guest.restriction"]
        for partner in self:
            restriction = current.get(partner.id, empty)
            partner.guest_is_restricted = bool(restriction)
            partner.guest_restriction_reason = restriction.reason
            partner.guest_restricted_until = restriction.date_until

    def _search_guest_is_restricted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        in_force = (operator == "=") == value
        current = self.env["hotel.guest.restriction"]._current_domain()
        return [("guest_restriction_ids", "any" if in_force else "not any", current)]

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            # archiving a restricted guest is a Hotel Manager's decision
            self._hotel_check_restriction_rights()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_restricted_guest(self):
        self._hotel_check_restriction_rights()

    def _hotel_check_restriction_rights(self):
        """Raise an AccessError unless the user may change the restrictions in
        force on ``self`` (the access rights of the restriction model)."""
        restrictions = (
            self.sudo()
            .with_context(active_test=False)
            .guest_restriction_ids.filtered("is_current")
        )
        if restrictions:
            restrictions.with_env(self.env).check_access("write")

    def action_hotel_restrict(self):
        self.ensure_one()
        self.env["hotel.guest.restriction"].check_access("create")
        self._hotel_check_not_anonymized()
        return {
            "name": self.env._("Restrict Guest"),
            "type": "ir.actions.act_window",
            "res_model": "hotel.guest.restrict.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_hotel_lift_restriction(self):
        self.guest_restriction_ids.filtered("active").action_lift()
        return True

    def _hotel_restrict(self, reason, until=False):
        """Restrict the guests of ``self`` (the restriction model's access
        rights decide who may)."""
        self.env["hotel.guest.restriction"].create(
            [
                {"partner_id": partner.id, "reason": reason, "date_until": until}
                for partner in self
            ]
        )
        return True

    def _hotel_check_not_restricted(self):
        """Raise a UserError if one of the guests of ``self`` is currently
        restricted (restrictions whose end date has passed don't count)."""
        restricted = self.sudo().filtered("guest_is_restricted")
        if restricted:
            partner = restricted[0]
            if partner.guest_restricted_until:
                message = self.env._(
                    "%(guest)s is a restricted guest until %(date)s: %(reason)s",
                    guest=partner.display_name,
                    date=format_date(self.env, partner.guest_restricted_until),
                    reason=partner.guest_restriction_reason,
                )
            else:
                message = self.env._(
                    "%(guest)s is a restricted guest: %(reason)s",
                    guest=partner.display_name,
                    reason=partner.guest_restriction_reason,
                )
            raise UserError(message)
        return True
