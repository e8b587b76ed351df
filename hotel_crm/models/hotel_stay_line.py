from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hotel_guard_mixin import AMOUNT_MAX

CHARGE_TYPES = [
    ("room", "Room"),
    ("food_beverage", "Food & Beverage"),
    ("meeting_banquet", "Meeting & Banquet"),
    ("spa_leisure", "Spa & Leisure"),
    ("minibar", "Minibar"),
    ("other", "Other"),
]


class HotelStayLine(models.Model):
    _name = "hotel.stay.line"
    _description = "Hotel Stay Charge"
    _inherit = ["hotel.guard.mixin"]
    _order = "stay_id, date, id"
    _check_company_auto = True

    stay_id = fields.Many2one(
        "hotel.stay", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="stay_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="stay_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="stay_id.currency_id")
    date = fields.Date(
        compute="_compute_date",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
        help="When the charge was incurred: by default today, within the dates of "
        "the stay.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Char(
        string="Description",
        size=256,
        compute="_compute_name",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
    )
    charge_type = fields.Selection(
        CHARGE_TYPES,
        compute="_compute_charge_type",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    # a price with the precision of prices, as on sale and invoice lines (the
    # currency rounds the amounts)
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        precompute=True,
        store=True,
        readonly=False,
        digits="Product Price",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    price_tax = fields.Monetary(
        string="Tax Amount",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    price_total = fields.Monetary(
        string="Total",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line", "hotel_stay_line_id", string="Invoice Lines", readonly=True
    )

    @api.depends("stay_id")
    def _compute_date(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.date:
                continue
            stay = line.stay_id
            # a charge added before the arrival or after the departure (the
            # bill of a late check-out) is dated within the stay
            date = max(today, stay.check_in_date) if stay.check_in_date else today
            line.date = min(date, stay.check_out_date) if stay.check_out_date else date

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.with_context(
                display_default_code=False
            ).display_name

    @api.depends("product_id")
    def _compute_charge_type(self):
        for line in self:
            line.charge_type = (
                line.product_id.product_tmpl_id.hotel_charge_type or "other"
            )

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.charge_type == "room" and line.stay_id.nightly_rate:
                line.price_unit = line.stay_id.nightly_rate
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        # a many2many is written as soon as it is assigned: one assignment per
        # set of taxes, not one INSERT per charge; a service's taxes in a hotel
        # are chosen once for all its charges there (a day's room charges)
        taxes_by_service = {}
        lines_by_taxes = defaultdict(list)
        for line in self:
            company = line.company_id or self.env.company
            key = (line.product_id, company)
            if key not in taxes_by_service:
                taxes_by_service[key] = line.product_id.taxes_id.filtered_domain(
                    self.env["account.tax"]._check_company_domain(company)
                )
            lines_by_taxes[taxes_by_service[key]].append(line.id)
        for taxes, line_ids in lines_by_taxes.items():
            self.browse(line_ids).tax_ids = taxes

    @api.depends("quantity", "price_unit", "tax_ids", "currency_id")
    def _compute_prices(self):
        # Odoo's tax engine, as the stay's tax totals use it: the amounts of
        # compute_all without the accounting data it also builds for journal
        # items (repartition lines, accounts, tags). Charges alike in product,
        # taxes, price and quantity have the same amounts (a day's departures
        # share their rates and lengths of stay): computed once for them all.
        AccountTax = self.env["account.tax"]
        amounts = {}
        for line in self:
            company = line.company_id or self.env.company
            currency = line.currency_id or company.currency_id
            key = (
                company,
                currency,
                line.product_id,
                line.tax_ids,
                line.price_unit,
                line.quantity,
            )
            if key not in amounts:
                base_line = AccountTax._prepare_base_line_for_taxes_computation(
                    line,
                    partner_id=line.stay_id.billing_partner_id,
                    currency_id=currency,
                )
                AccountTax._add_tax_details_in_base_line(base_line, company)
                tax_details = base_line["tax_details"]
                amounts[key] = (
                    currency.round(tax_details["total_excluded_currency"]),
                    currency.round(tax_details["total_included_currency"]),
                )
            line.price_subtotal, line.price_total = amounts[key]
            line.price_tax = line.price_total - line.price_subtotal

    def _check_company(self, fnames=None):
        # charges alike in hotel, service and taxes (a day's room charges)
        # pass or fail Odoo's company check together: it runs once for them
        linked = [
            fname
            for fname, field in self._fields.items()
            if field.relational and field.check_company
        ]
        alike = {}
        for line in self.sudo():
            key = (line.company_id, *(line[fname] for fname in linked))
            alike.setdefault(key, line.id)
        return super(HotelStayLine, self.browse(alike.values()))._check_company(fnames)

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        for line in self:
            if line.quantity < 0 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "The charge %(charge)s has a negative quantity or price: record "
                        "refunds as a credit note in Invoicing.",
                        charge=line.name,
                    )
                )

    def _hotel_check_values(self, vals):  # pylint: disable=missing-return
        super()._hotel_check_values(vals)
        # each value may be sane and their product not: no bill reaches it
        if {"quantity", "price_unit"} & vals.keys():
            for line in self or [self.browse()]:
                quantity = float(vals.get("quantity", line.quantity if line else 1.0))
                price = float(vals.get("price_unit", line.price_unit if line else 0.0))
                if abs(quantity * price) >= AMOUNT_MAX:
                    raise ValidationError(
                        self.env._(
                            "A charge of %(quantity)s x %(price)s is beyond any hotel "
                            "bill: check the quantity and the price.",
                            quantity=quantity,
                            price=price,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.stay_id._hotel_check_charges_editable()
        return lines

    def write(self, vals):
        self.stay_id._hotel_check_charges_editable()
        res = super().write(vals)
        if "stay_id" in vals:
            self.stay_id._hotel_check_charges_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self.stay_id._hotel_check_charges_editable()
