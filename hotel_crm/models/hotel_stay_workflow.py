from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, MissingError, UserError


class HotelStay(models.Model):
    """The front desk's workflow of a stay: booked, checked in, checked out,
    cancelled or no-show, each step through its button and its checks."""

    _inherit = "hotel.stay"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_check_in(self):
        self.check_access("write")
        self._hotel_check_state_for("booked", "check_in")
        self._hotel_check_not_in_house()
        self._hotel_check_restriction()
        self._hotel_check_credit_limit()
        if moves := self._hotel_date_moves("check_in"):
            # an early or late arrival: the check-in date moves to today once
            # the front desk confirms it
            self._hotel_check_date_moves("check_in", moves)
            return self._hotel_action_confirm_dates("check_in", moves)
        self._hotel_set_state("checked_in")
        with_allergies = self.filtered("guest_allergy_summary")
        if with_allergies:
            # one message per stay, written in one batch
            with_allergies._message_log_batch(
                bodies={
                    stay.id: self.env._(
                        "Allergy alert for %(guest)s: %(allergies)s",
                        guest=stay.partner_id.display_name,
                        allergies=stay.guest_allergy_summary,
                    )
                    for stay in with_allergies
                }
            )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Allergy alert"),
                    "message": "\n".join(
                        f"{stay.partner_id.display_name}: {stay.guest_allergy_summary}"
                        for stay in with_allergies
                    ),
                    "type": "danger",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_check_out(self):
        self.check_access("write")
        self._hotel_check_state_for("checked_in", "check_out")
        if moves := self._hotel_date_moves("check_out"):
            # an early or late departure: the check-out date moves to today
            # once the front desk confirms it, and the nights stayed are billed
            self._hotel_check_date_moves("check_out", moves)
            return self._hotel_action_confirm_dates("check_out", moves)
        self._hotel_create_room_charges()
        self._hotel_set_state("checked_out")
        return self._hotel_after_check_out()

    def action_cancel(self):
        self.check_access("write")
        blocked = self.filtered(
            lambda s: s.state == "checked_out" or s.invoice_status == "invoiced"
        )
        if blocked:
            raise UserError(
                self.env._(
                    "%(stay)s is checked out or invoiced and cannot be cancelled.",
                    stay=blocked[0].name,
                )
            )
        self._hotel_set_state("cancelled")
        return True

    def action_mark_no_show(self):
        self.check_access("write")
        self._hotel_check_state_for("booked", "no_show")
        self._hotel_set_state("no_show")
        return True

    def action_reset_to_booked(self):
        self.check_access("write")
        self._hotel_check_state_for(("cancelled", "no_show"), "rebook")
        self._hotel_check_restriction()
        self._hotel_set_state("booked")
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _hotel_check_manager(self, what):
        """``what``: "override" (a restriction) or "credit" (a confirmation)."""
        if self.env.su or self.env.user.has_group("hotel_crm.group_hotel_manager"):
            return
        if what == "override":
            message = self.env._(
                "Only a Hotel Manager can accept a restricted guest for a stay."
            )
        else:
            message = self.env._(
                "Only a Hotel Manager can confirm a check-in over the credit limit."
            )
        raise AccessError(message)

    def _message_track(self, fields_iter, initial_values_dict):
        """Odoo's tracking, its messages written in one batch. Odoo logs the
        changes of each record on its own, a message then its tracking values:
        two INSERTs per stay when a day's arrivals are checked in. The changes
        without a subtype (all of a stay's) are logged here as Odoo logs them,
        the messages of all the stays in one INSERT and their tracking values
        in another; the changes with a subtype are posted by Odoo as before."""
        if not fields_iter:
            return {}
        tracked_fields = self.fields_get(
            fields_iter, attributes=("string", "type", "selection", "currency_field")
        )
        tracking = {}
        for record in self:
            try:
                tracking[record.id] = record._mail_track(
                    tracked_fields, initial_values_dict[record.id]
                )
            except MissingError:
                continue
        precommit = self.env.cr.precommit.data
        bodies = precommit.get(f"mail.tracking.message.{self._name}", {})
        authors = precommit.get(f"mail.tracking.author.{self._name}", {})
        by_author = defaultdict(list)
        posted_ids = []
        for record in self:
            changes, tracking_values = tracking.get(record.id, (None, None))
            if not changes:
                continue
            if record._track_subtype(
                {fname: initial_values_dict[record.id][fname] for fname in changes}
            ):
                posted_ids.append(record.id)
            elif tracking_values:
                author = authors[record.id].id if record.id in authors else None
                by_author[author].append(record.id)
        if posted_ids:
            # Odoo posts them, notifying the subtype's followers; it takes
            # the bodies and authors of the precommit data
            super(HotelStay, self.browse(posted_ids))._message_track(
                fields_iter, initial_values_dict
            )
        else:
            precommit.pop(f"mail.tracking.message.{self._name}", None)
            precommit.pop(f"mail.tracking.author.{self._name}", None)
        for author, ids in by_author.items():
            records = self.browse(ids)
            messages = records._message_log_batch(
                bodies={
                    record.id: bodies[record.id]
                    if record.id in bodies
                    else record._track_get_default_log_message(tracking[record.id][0])
                    for record in records
                },
                author_id=author,
            )
            # as mail.message's create writes them, for all the messages at once
            self.env["mail.tracking.value"].sudo().create(
                [
                    dict(command[2], mail_message_id=message.id)
                    for record, message in zip(records, messages, strict=True)
                    for command in tracking[record.id][1]
                ]
            )
        return tracking

    def _hotel_set_state(self, state):
        # the status is protected from direct writes: the actions check the
        # user's right to change the stays (access rights and rules), then set it
        self.check_access("write")
        self.sudo().write({"state": state})

    def _hotel_check_charges_editable(self):
        # a stay without any invoice is not invoiced: its invoice status, to
        # be computed again once the charges are added, is not computed here
        # (a check-out adds the room charges of a thousand departures); the
        # invoices are read whoever changes the charges, as the status is
        locked = self.sudo().filtered(
            lambda s: (
                s.state in ("cancelled", "no_show")
                or (s.invoice_ids and s.invoice_status == "invoiced")
            )
        )
        if locked:
            raise UserError(
                self.env._(
                    "The charges of %(stay)s can no longer be changed: it is invoiced or "
                    "cancelled. Correct the invoice with a credit note in Invoicing.",
                    stay=locked[0].name,
                )
            )

    def _hotel_check_state_for(self, states, action):
        states = (states,) if isinstance(states, str) else states
        wrong = self.filtered(lambda s: s.state not in states)
        if not wrong:
            return
        stay = wrong[0]
        state = dict(self._fields["state"]._description_selection(self.env))[stay.state]
        messages = {
            "check_in": self.env._(
                "%(stay)s is %(state)s: only booked stays can be checked in.",
                stay=stay.name,
                state=state,
            ),
            "check_out": self.env._(
                "%(stay)s is %(state)s: only checked-in stays can be checked out.",
                stay=stay.name,
                state=state,
            ),
            "no_show": self.env._(
                "%(stay)s is %(state)s: only booked stays can be marked as no-show.",
                stay=stay.name,
                state=state,
            ),
            "rebook": self.env._(
                "%(stay)s is %(state)s: only cancelled and no-show stays can be "
                "booked again.",
                stay=stay.name,
                state=state,
            ),
        }
        raise UserError(messages[action])

    def _hotel_check_restriction(self):
        """Refuse restricted guests, unless a Hotel Manager gave a reason."""
        guests = self.sudo().filtered(lambda s: not s.restriction_override_reason)
        if guests:
            # the guests of the whole batch at once
            self._hotel_raise_if_restricted(guests.partner_id)

    @api.model
    def _hotel_raise_if_restricted(self, partner):
        try:
            partner._hotel_check_not_restricted()
        except UserError as error:
            raise UserError(
                self.env._(
                    "%(error)s\nA Hotel Manager can accept the stay anyway by giving a "
                    'reason in "Restriction Override".',
                    error=error.args[0],
                )
            ) from error

    def _hotel_log_override(self):
        accepted = self.sudo().filtered(
            lambda s: s.restriction_override_reason and s.partner_id.guest_is_restricted
        )
        if accepted:
            # the reason itself is tracked on its field, for hotel staff only
            accepted._message_log_batch(
                bodies={
                    stay.id: self.env._(
                        "%(user)s accepted the restricted guest %(guest)s.",
                        user=self.env.user.name,
                        guest=stay.partner_id.display_name,
                    )
                    for stay in accepted
                }
            )

    def _hotel_create_room_charges(self):
        """Charge nights x nightly rate on each stay that has no room charge."""
        product = self.env.ref(
            "hotel_crm.product_hotel_room_night", raise_if_not_found=False
        )
        if not product:
            raise UserError(self.env._("The Room Night service product is missing."))
        vals_list = [
            {
                "stay_id": stay.id,
                "product_id": product.id,
                "name": stay._hotel_room_charge_name(),
                "quantity": stay.nights,
                "price_unit": stay.nightly_rate,
                "date": stay.check_out_date,
                "charge_type": "room",
            }
            for stay in self
            if stay.nights
            and not stay.line_ids.filtered(lambda line: line.charge_type == "room")
        ]
        return self.env["hotel.stay.line"].create(vals_list)

    def _hotel_room_charge_name(self):
        self.ensure_one()
        room = self.room_type_id.display_name
        if room and self.nights == 1:
            return self.env._("%(room)s: 1 night", room=room)
        if room:
            return self.env._(
                "%(room)s: %(nights)s nights", room=room, nights=self.nights
            )
        if self.nights == 1:
            return self.env._("1 night")
        return self.env._("%(nights)s nights", nights=self.nights)
