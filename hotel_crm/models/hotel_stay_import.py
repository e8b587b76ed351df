from odoo import api, models

from .ir_fields_converter import KnownIds


class HotelStay(models.Model):
    """Odoo's import of stays (the history of the previous system, up to
    millions of stays), whose queries do not grow with its rows beyond the
    INSERTs and UPDATEs of the rows."""

    _inherit = "hotel.stay"

    @api.model
    def load(self, fields, data):
        """The database ids the rows give for the stays' many2one fields
        (``partner_id/.id``...) are checked in one query per model, rather than
        one per row (``ir.fields.converter.db_id_for``). Imported stays get no
        "created" message each: the stay's creator and date are on the
        record."""
        given = {}
        for index, path in enumerate(fields):
            fname, _sep, subfield = path.partition("/")
            field = self._fields.get(fname)
            if subfield != ".id" or field is None or field.type != "many2one":
                continue
            ids = given.setdefault(field.comodel_name, set())
            for row in data:
                try:
                    ids.add(int(row[index]))
                except (IndexError, TypeError, ValueError):
                    continue
        # as Odoo checks them: whether they exist, whoever may read them; one
        # query per model (the guest and the billed partner are both partners)
        known = {
            model: KnownIds(self.env[model].browse(ids).exists().ids)
            for model, ids in given.items()
        }
        # the ids checked here only, never a client's
        importing = self.with_context(hotel_import_ids=known, mail_create_nolog=True)
        return super(HotelStay, importing).load(fields, data)
