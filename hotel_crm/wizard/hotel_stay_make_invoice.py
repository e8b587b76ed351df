from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class HotelStayMakeInvoice(models.TransientModel):
    """Creates the customer invoices of checked-out stays through Odoo's
    Invoicing: one per stay, or one per billed partner when the hotel groups
    corporate stays. The accountant's rights on invoices apply."""

    _name = "hotel.stay.make.invoice"
    _description = "Create Invoices from Stays"

    stay_ids = fields.Many2many("hotel.stay", string="Stays", required=True)
    stay_count = fields.Integer(compute="_compute_stay_count")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "stay_ids" in fields_list
            and self.env.context.get("active_model") == "hotel.stay"
            and self.env.context.get("active_ids")
        ):
            res["stay_ids"] = [Command.set(self.env.context["active_ids"])]
        return res

    @api.depends("stay_ids")
    def _compute_stay_count(self):
        for wizard in self:
            wizard.stay_count = len(wizard.stay_ids)

    def action_create_invoices(self):
        self.ensure_one()
        invoices = self._create_invoices()
        return self.stay_ids._hotel_action_view_invoices(invoices)

    def _check_stays(self):
        if not self.stay_ids:
            raise UserError(self.env._("Select the stays to invoice."))
        for stay in self.stay_ids:
            if stay.state != "checked_out":
                raise UserError(
                    self.env._(
                        "%(stay)s is not checked out yet: only checked-out stays are "
                        "invoiced.",
                        stay=stay.name,
                    )
                )
            if valid := stay._hotel_valid_invoices():
                raise UserError(
                    self.env._(
                        "%(stay)s is already invoiced (%(invoices)s).",
                        stay=stay.name,
                        invoices=", ".join(valid.mapped("display_name")),
                    )
                )
            if not stay.line_ids:
                raise UserError(
                    self.env._("%(stay)s has no charge to invoice.", stay=stay.name)
                )

    def _prepare_invoice_line(self, stay, line, fiscal_position):
        return {
            "product_id": line.product_id.id,
            "name": f"{line.name} ({stay.name})",
            "quantity": line.quantity,
            "price_unit": line.price_unit,
            "discount": stay._hotel_invoice_line_discount(line),
            # the charge's taxes, as the billed partner's fiscal position maps them
            "tax_ids": [Command.set(fiscal_position.map_tax(line.tax_ids).ids)],
            "hotel_stay_line_id": line.id,
        }

    def _create_invoices(self):
        """The draft invoices of the stays, created in one batch per company.
        The stays of each invoice keep the prefetching of all the stays: their
        charges and taxes are read once for the whole batch, not per invoice;
        the fiscal position is looked up once per billed partner."""
        self.ensure_one()
        self._check_stays()
        all_stays = self.stay_ids
        groups = defaultdict(list)
        for stay in all_stays:
            key = (stay.company_id, stay.billing_partner_id, stay.currency_id)
            if not stay.company_id.hotel_group_corporate_invoices:
                key += (stay.id,)
            groups[key].append(stay.id)
        fiscal_positions = {}
        vals_by_company = defaultdict(list)
        for key, stay_ids in groups.items():
            company, partner, currency = key[:3]
            stays = all_stays.browse(stay_ids).with_prefetch(all_stays._prefetch_ids)
            if (company, partner) not in fiscal_positions:
                fiscal_positions[company, partner] = (
                    self.env["account.fiscal.position"]
                    .with_company(company)
                    ._get_fiscal_position(partner)
                )
            fiscal_position = fiscal_positions[company, partner]
            vals_by_company[company].append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "fiscal_position_id": fiscal_position.id,
                    "invoice_origin": ", ".join(stays.mapped("name")),
                    "hotel_stay_ids": [Command.set(stays.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            self._prepare_invoice_line(stay, line, fiscal_position)
                        )
                        for stay in stays
                        for line in stay.line_ids
                    ],
                }
            )
        invoices = self.env["account.move"]
        for company, vals_list in vals_by_company.items():
            invoices |= self.env["account.move"].with_company(company).create(vals_list)
        return invoices
