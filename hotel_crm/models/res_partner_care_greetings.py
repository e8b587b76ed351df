from odoo import api, fields, models

# greetings (e-mail and activity) per scheduled action call: its progress
# is shown, and the scheduler calls again at once for the rest
GREETING_BATCH = 500


class ResPartner(models.Model):
    """Guest care: every hotel greets the guests who stayed there and gave
    marketing consent, a few days before their birthday and the anniversary
    of their first stay."""

    _inherit = "res.partner"

    @api.model
    def _hotel_cron_guest_care(self):
        """The daily greetings, hotel by hotel: the greetings due are recorded
        (once per guest, hotel, occasion and year) and greeted in batches; a
        rerun the same day greets nobody again. Returns the number of
        greetings done by this call."""
        today = fields.Date.context_today(self)
        Greeting = self.env["hotel.guest.greeting"].sudo()
        done = 0
        for company in self.env["res.company"].sudo().search([], order="id"):
            greetings = Greeting.with_company(company)._hotel_claim_due(
                company, today, GREETING_BATCH - done
            )
            greetings._hotel_greet(company)
            done += len(greetings)
            if done >= GREETING_BATCH:
                # a full batch may leave greetings for the next call, which
                # the scheduler makes at once; an empty one ends the run
                self.env["ir.cron"]._notify_progress(done=done, remaining=1)
                return done
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        return done
