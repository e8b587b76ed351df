from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

HOTEL_STAFF = "hotel_crm.group_hotel_user"


class IrAttachment(models.Model):
    """Files attached to a guest file (ID scans, signed registration cards)
    are guest data: only hotel staff read them, although every internal user
    reads the contact itself."""

    _inherit = "ir.attachment"

    def _hotel_hides_guest_files(self):
        return not self.env.su and not self.env.user.has_group(HOTEL_STAFF)

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if (
            mode in ("create", "write")
            and values
            and values.get("res_model") == "res.partner"
            and isinstance(values.get("res_id"), int)
        ):
            # a file would give an anonymized guest personal data again
            self.env["res.partner"]._hotel_browse_ids(
                [values["res_id"]]
            )._hotel_check_not_anonymized()
        if not self._hotel_hides_guest_files():
            return res
        partner_ids = set()
        if self:
            self.flush_model(["res_model", "res_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT res_id FROM ir_attachment WHERE id IN %s "
                    "AND res_model = 'res.partner' AND res_id IS NOT NULL",
                    tuple(self.ids),
                )
            )
            partner_ids.update(res_id for (res_id,) in self.env.cr.fetchall())
        if values and values.get("res_model") == "res.partner" and values.get("res_id"):
            partner_ids.add(values["res_id"])
        if partner_ids and (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [("id", "in", list(partner_ids)), ("is_hotel_guest", "=", True)],
                limit=1,
            )
        ):
            raise AccessError(
                self.env._("Only hotel staff can open the files of a guest file.")
            )
        return res

    def _hotel_guest_files(self):
        """The attachments of ``self`` that belong to a guest file."""
        partners = {
            attachment.res_id
            for attachment in self.sudo()
            if attachment.res_model == "res.partner" and attachment.res_id
        }
        if not partners:
            return self.browse()
        guests = set(
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "in", list(partners)), ("is_hotel_guest", "=", True)])
            .ids
        )
        return self.filtered(
            lambda a: a.sudo().res_model == "res.partner" and a.sudo().res_id in guests
        )

    def _to_store(self, store, /, *, fields=None, extra_fields=None):  # pylint: disable=missing-return
        """The chatter lists the files of a message in superuser mode: the
        name, size and checksum of a guest's file (an ID scan named after
        its number) are not shown to users who cannot open it."""
        hidden = (
            self.browse()
            if self.env.user.has_group(HOTEL_STAFF)
            else self._hotel_guest_files()
        )
        super(IrAttachment, self - hidden)._to_store(
            store, fields=fields, extra_fields=extra_fields
        )
        for attachment in hidden:
            store.add(
                attachment,
                {
                    "name": self.env._("Guest file (hotel staff only)"),
                    "filename": self.env._("Guest file (hotel staff only)"),
                    "mimetype": "application/octet-stream",
                    "checksum": False,
                    "size": 0,
                    "create_date": attachment.create_date,
                    "res_name": False,
                    "thread": False,
                    "type": "binary",
                    "url": False,
                },
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._hotel_hides_guest_files():
            guests = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                ._search([("is_hotel_guest", "=", True)])
            )
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("res_model", "!=", "res.partner"),
                        ("res_model", "=", False),
                        ("res_id", "not in", guests),
                    ],
                ]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)
