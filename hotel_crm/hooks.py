from odoo.tools import SQL

from .models.hotel_stay_points import AWARD_INDEX
from .models.res_partner import GUEST_LIST_INDEX
from .models.res_partner_duplicate import EMAIL_INDEX


def pre_init_hook(env):
    """Create the hotel columns of journal items before the module's fields.

    They are empty for every existing journal item; creating them here spares
    Odoo from loading all journal items of an existing database to compute a
    value that is empty anyway.
    """
    env.cr.execute(
        SQL(
            "ALTER TABLE account_move_line "
            "ADD COLUMN IF NOT EXISTS hotel_stay_line_id int4, "
            "ADD COLUMN IF NOT EXISTS hotel_guest_id int4"
        )
    )


def uninstall_hook(env):
    """Contacts and products used in accounting entries outlive the module.

    Uninstalling deletes the records the module created (its service products,
    its demo guests); those that journal items still reference cannot be
    deleted and are kept as ordinary contacts and products instead.

    The indexes the module created on the tables of Odoo and Loyalty go with
    it.
    """
    for index in (EMAIL_INDEX, GUEST_LIST_INDEX, AWARD_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    data = (
        env["ir.model.data"]
        .sudo()
        .search(
            [
                ("module", "=", "hotel_crm"),
                ("model", "in", ("res.partner", "product.product", "product.template")),
            ]
        )
    )
    ids = {
        model: set(data.filtered(lambda d, m=model: d.model == m).mapped("res_id"))
        for model in ("res.partner", "product.product", "product.template")
    }
    lines = env["account.move.line"].sudo().with_context(active_test=False)
    used = {
        "res.partner": {
            partner.id
            for (partner,) in lines._read_group(
                [("partner_id", "in", list(ids["res.partner"]))], ["partner_id"]
            )
        },
        "product.product": {
            product.id
            for (product,) in lines._read_group(
                [("product_id", "in", list(ids["product.product"]))], ["product_id"]
            )
        },
    }
    used["res.partner"] |= {
        partner.id
        for (partner,) in env["account.move"]
        .sudo()
        ._read_group([("partner_id", "in", list(ids["res.partner"]))], ["partner_id"])
    }
    used["product.template"] = set(
        env["product.product"].browse(used["product.product"]).product_tmpl_id.ids
    )
    data.filtered(lambda d: d.res_id in used[d.model]).unlink()
