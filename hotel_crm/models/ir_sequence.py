from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _hotel_next_many_by_code(self, sequence_code, count, sequence_date=None):
        """``count`` next references of the sequence ``sequence_code`` of the
        current company (as ``next_by_code``), drawn in one query when the
        sequence allows it: a standard sequence without date ranges takes its
        numbers from PostgreSQL in one ``nextval`` over a series. Returns an
        empty list when no such sequence exists."""
        self.browse().check_access("read")
        if count <= 0:
            return []
        sequence = self.search(
            [
                ("code", "=", sequence_code),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return []
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next(sequence_date=sequence_date) for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        numbers = sorted(number for (number,) in self.env.cr.fetchall())
        return [sequence.get_next_char(number) for number in numbers]

    @api.model
    def _hotel_assign_names(self, vals_list, sequence_code):
        """Give the next references of each hotel's sequence ``sequence_code``
        to the records of ``vals_list`` that have none ("New" or "/"): one
        draw per hotel, not one per record; "/" when the hotel has no such
        sequence."""
        unnamed = defaultdict(list)
        new = self.env._("New")
        for vals in vals_list:
            if vals.get("name") in (None, False, "/", new):
                unnamed[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, company_vals in unnamed.items():
            names = self.with_company(company_id)._hotel_next_many_by_code(
                sequence_code, len(company_vals)
            )
            for vals, name in zip(company_vals, names, strict=False):
                vals["name"] = name
            for vals in company_vals[len(names) :]:
                vals["name"] = "/"
