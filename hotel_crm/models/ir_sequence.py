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
