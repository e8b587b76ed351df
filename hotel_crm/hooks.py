def uninstall_hook(env):
    """Contacts and products used in accounting entries outlive the module.

    Uninstalling deletes the records the module created (its service products,
    its demo guests); those that invoices still reference cannot be deleted and
    are kept as ordinary contacts and products instead of failing the delete.
    """
    lines = env["account.move.line"].sudo().with_context(active_test=False)
    used = {
        "res.partner": set(lines.search([("partner_id", "!=", False)]).partner_id.ids),
        "product.product": set(
            lines.search([("product_id", "!=", False)]).product_id.ids
        ),
    }
    used["res.partner"] |= set(
        env["account.move"].sudo().search([("partner_id", "!=", False)]).partner_id.ids
    )
    used["product.template"] = set(
        env["product.product"].browse(used["product.product"]).product_tmpl_id.ids
    )
    data = (
        env["ir.model.data"]
        .sudo()
        .search([("module", "=", "hotel_crm"), ("model", "in", list(used))])
    )
    data.filtered(lambda d: d.res_id in used[d.model]).unlink()
