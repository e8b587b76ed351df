from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .hotel_guard_mixin import INT_MAX

# Personal data of the guest file that "Anonymize guest" clears, besides the
# partner's name. Tracking values recorded for these fields go with the chatter.
PERSONAL_FIELDS = (
    "email",
    "phone",
    "mobile",
    "website",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "function",
    "title",
    "comment",
    "vat",
    "company_name",
    "ref",
    "barcode",
    "image_1920",
    "category_id",
    "guest_birthdate",
    "guest_gender",
    "guest_nationality_id",
    "guest_id_type",
    "guest_id_number",
    "guest_vip",
    "guest_vip_note",
    "guest_marketing_consent",
    "guest_marketing_consent_date",
    "guest_do_not_disclose",
)
# What nobody changes on an anonymized guest file any more: its personal data,
# who it is and its place among contacts, its guest file.
LOCKED_FIELDS = frozenset(PERSONAL_FIELDS) | {
    "name",
    "parent_id",
    "child_ids",
    "type",
    "active",
    "lang",
    "is_company",
    "company_type",
    "is_hotel_guest",
    "guest_corporate_account",
    "guest_preference_ids",
    "guest_restriction_ids",
    "user_ids",
    "bank_ids",
}
# What is kept of a guest's stays: no notes, no reasons that name the guest.
STAY_PERSONAL_FIELDS = ("note", "restriction_override_reason", "room_number")


class ResPartner(models.Model):
    """The right to be forgotten: personal data go, the accounting stays."""

    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        # a contact or address under an anonymized guest would give it data again
        if not self.env.su:
            self._hotel_browse_ids(
                self._hotel_vals_with_defaults(vals, ["parent_id"]).get("parent_id")
                for vals in vals_list
            )._hotel_check_not_anonymized()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._hotel_check_not_anonymized(vals)
            if vals.get("parent_id"):
                self._hotel_browse_ids(
                    [vals["parent_id"]]
                )._hotel_check_not_anonymized()
        return super().write(vals)

    def message_post(self, **kwargs):
        # a message would give an anonymized guest personal data again
        self._hotel_check_not_anonymized()
        return super().message_post(**kwargs)

    @api.model
    def _hotel_browse_ids(self, ids):
        """The existing partners among ``ids`` (values a client sent)."""
        return (
            self.browse(
                {
                    pid
                    for pid in ids
                    if isinstance(pid, int)
                    and not isinstance(pid, bool)
                    and 0 < pid <= INT_MAX
                }
            )
            .sudo()
            .exists()
            .with_env(self.env)
        )

    def _hotel_check_not_anonymized(self, vals=None):
        """Raise a UserError if one of the guests of ``self`` is anonymized:
        nobody but the superuser (the anonymization itself) changes an
        anonymized guest file, its preferences or its restrictions. With
        ``vals``: only if writing them would change an anonymized guest."""
        if self.env.su:
            return
        anonymized = self.sudo().filtered("guest_anonymized")
        if vals is not None:
            # Odoo's own settings of a contact (how invoices are sent, its
            # company...) still change: they are no personal data
            locked = {
                fname: value for fname, value in vals.items() if fname in LOCKED_FIELDS
            }
            anonymized = anonymized.filtered(
                lambda partner: any(
                    partner._fields[fname].type in ("one2many", "many2many")
                    or partner._hotel_changes(fname, value)
                    for fname, value in locked.items()
                )
            )
        if anonymized:
            raise UserError(
                self.env._(
                    "%(guest)s is an anonymized guest: its guest file, preferences "
                    "and restrictions can no longer be changed.",
                    guest=anonymized[0].display_name,
                )
            )

    def action_hotel_anonymize(self):
        self._hotel_check_anonymize_rights()
        return {
            "name": self.env._("Anonymize Guest"),
            "type": "ir.actions.act_window",
            "res_model": "hotel.guest.anonymize.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": [Command.set(self.ids)]},
        }

    def _hotel_check_anonymize_rights(self):
        """Who anonymizes is who may use the anonymization wizard (its access
        rights: Hotel Managers)."""
        self.env["hotel.guest.anonymize.wizard"].check_access("create")

    def _hotel_open_invoice_domain(self):
        """Customer invoices and credit notes of the guests that still need
        them: drafts (they would be issued with the data removed) and posted
        ones not fully paid."""
        return [
            ("partner_id", "child_of", self.ids),
            ("move_type", "in", ("out_invoice", "out_refund")),
            "|",
            ("state", "=", "draft"),
            "&",
            ("state", "=", "posted"),
            ("payment_state", "not in", ("paid", "in_payment", "reversed")),
        ]

    def _hotel_check_can_anonymize(self, partners):
        for partner in partners:
            if partner.is_company or not partner.is_hotel_guest:
                raise UserError(
                    self.env._(
                        "%(partner)s is not an individual hotel guest: only guest files "
                        "are anonymized.",
                        partner=partner.display_name,
                    )
                )
            if partner.child_ids:
                raise UserError(
                    self.env._(
                        "%(guest)s has the contacts or addresses %(children)s, which "
                        "would keep personal data: remove or anonymize them first.",
                        guest=partner.display_name,
                        children=", ".join(partner.child_ids.mapped("display_name")),
                    )
                )
        if linked := partners.user_ids:
            raise UserError(
                self.env._(
                    "%(guest)s is linked to the user %(user)s: archive or delete the "
                    "user first.",
                    guest=linked[0].partner_id.display_name,
                    user=linked[0].login,
                )
            )
        open_invoice = (
            self.env["account.move"]
            .sudo()
            .search(partners._hotel_open_invoice_domain(), limit=1)
        )
        if open_invoice:
            if open_invoice.state == "draft":
                message = self.env._(
                    "%(guest)s has the draft invoice %(invoice)s: post or delete it "
                    "before the guest can be anonymized.",
                    guest=open_invoice.partner_id.display_name,
                    invoice=open_invoice.display_name,
                )
            else:
                message = self.env._(
                    "%(guest)s still has the unpaid invoice %(invoice)s: it must be "
                    "settled before the guest can be anonymized.",
                    guest=open_invoice.partner_id.display_name,
                    invoice=open_invoice.name,
                )
            raise UserError(message)
        to_invoice = (
            self.env["hotel.stay"]
            .sudo()
            .search(
                [
                    "|",
                    ("partner_id", "in", partners.ids),
                    ("billing_partner_id", "in", partners.ids),
                    "|",
                    ("state", "in", ("booked", "checked_in")),
                    ("invoice_status", "=", "to_invoice"),
                ],
                limit=1,
            )
        )
        if to_invoice:
            raise UserError(
                self.env._(
                    "%(guest)s has the stay %(stay)s that is not over or not invoiced "
                    "yet: finish and invoice it (or cancel it) before the guest can "
                    "be anonymized.",
                    guest=to_invoice.partner_id.display_name,
                    stay=to_invoice.name,
                )
            )

    def _hotel_keep_issued_invoices(self, partners):
        """An issued invoice is an accounting record kept as issued: store the
        PDF of every posted invoice of the guests that has none yet (as Odoo
        does when it sends one), before the partner's data go."""
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ]
            )
            .filtered(lambda move: not move.invoice_pdf_report_id)
        )
        if not invoices:
            return invoices
        sender = self.env["account.move.send"].sudo()
        # the PDF alone: no e-mail, no electronic invoice is sent
        documents = {
            invoice: {
                **sender._get_default_sending_settings(invoice),
                "sending_methods": set(),
                "invoice_edi_format": False,
                "extra_edis": {},
            }
            for invoice in invoices
        }
        sender._generate_invoice_documents(documents)
        invoices.invalidate_recordset(["invoice_pdf_report_id"])
        missing = invoices.filtered(lambda move: not move.invoice_pdf_report_id)
        if missing:
            error = documents[missing[0]].get("error") or ""
            raise UserError(
                self.env._(
                    "The PDF of the invoice %(invoice)s could not be stored, so the "
                    "guest cannot be anonymized yet. %(error)s",
                    invoice=missing[0].display_name,
                    error=error,
                )
            )
        return invoices

    def _hotel_anonymize(self, reason=None):
        """Remove the personal data of the guests of ``self`` (right to be
        forgotten, or the hotel's data retention: ``reason`` is then the
        note left on the guest file) while their records, stays, invoices
        and accounting entries stay intact."""
        self._hotel_check_anonymize_rights()
        partners = self.sudo().with_context(active_test=False, tracking_disable=True)
        self._hotel_check_can_anonymize(partners)
        self._hotel_keep_issued_invoices(partners)
        emails = set(partners.mapped("email_normalized")) - {False}
        partners.guest_preference_ids.unlink()
        # the restriction history stays, without what it said about the guest
        partners.guest_restriction_ids.write(
            {"reason": self.env._("Removed at the guest's request.")}
        )
        now = fields.Datetime.now()
        empty = dict.fromkeys(PERSONAL_FIELDS, False)
        for partner in partners:
            partner.write(
                {
                    **empty,
                    "name": self.env._(
                        "Anonymized guest %(code)s", code=partner.guest_code
                    ),
                    "guest_anonymized": True,
                    "guest_anonymized_date": now,
                }
            )
        self._hotel_erase_traces(partners, emails)
        reason = reason or self.env._(
            "Personal data removed at the guest's request by %(user)s.",
            user=self.env.user.name,
        )
        for partner in partners:
            partner._message_log(body=reason)
        return True

    def _hotel_erase_traces(self, partners, emails):
        """What the guest left around the guest file: its chatter (tracked old
        values, notes, e-mails), attachments such as ID scans, planned
        activities, the notes, chatter, attachments and activities of its
        stays, the chatter of its invoices and e-mails still queued to it."""
        Stay = self.env["hotel.stay"].sudo().with_context(active_test=False)
        stays = Stay.search([("partner_id", "in", partners.ids)])
        # stays of others billed to the guest: their notes may name the guest
        billed = Stay.search([("billing_partner_id", "in", partners.ids)]) - stays
        (stays | billed).with_context(tracking_disable=True).write(
            dict.fromkeys(STAY_PERSONAL_FIELDS, False)
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            .search([("partner_id", "child_of", partners.ids)])
        )
        Message = self.env["mail.message"].sudo()
        messages = Message.search(
            [
                "|",
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                "&",
                ("model", "=", "hotel.stay"),
                ("res_id", "in", stays.ids),
                "&",
                "&",
                ("model", "=", "account.move"),
                ("res_id", "in", invoices.ids),
                ("message_type", "in", ("email", "comment", "email_outgoing")),
            ]
        )
        messages.unlink()
        # tracked values that name the guest on documents that stay (invoices,
        # other guests' stays): that side only, the other one is someone else
        Tracking = self.env["mail.tracking.value"].sudo()
        documents = [
            "|",
            "&",
            ("mail_message_id.model", "=", "account.move"),
            ("mail_message_id.res_id", "in", invoices.ids),
            "&",
            ("mail_message_id.model", "=", "hotel.stay"),
            ("mail_message_id.res_id", "in", (stays | billed).ids),
            ("field_id.ttype", "=", "many2one"),
            ("field_id.relation", "=", "res.partner"),
        ]
        anonymized = self.env._("Anonymized guest")
        for side in ("old", "new"):
            Tracking.search(
                [*documents, (f"{side}_value_integer", "in", partners.ids)]
            ).write({f"{side}_value_char": anonymized})
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("state", "in", ("outgoing", "exception")),
                    "|",
                    ("recipient_ids", "in", partners.ids),
                    ("email_to", "in", list(emails) or [""]),
                ]
            )
        )
        mails.unlink()
        for model, ids in (("res.partner", partners.ids), ("hotel.stay", stays.ids)):
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            ).unlink()
