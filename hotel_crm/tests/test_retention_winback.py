"""Win-back activities of the daily retention pass: one per guest newly
lapsed or newly at high risk, none while one is open, for the hotel's care
contact, in their language; the pass's queries do not grow with the guests."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .test_retention import D, RetentionCommon


class WinBackCommon(RetentionCommon):
    """A hotel with a Guest Care Contact, and the win-back calls of a guest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.care = new_test_user(
            cls.env,
            login="care_contact",
            name="Carla Care",
            groups="base.group_user,hotel_crm.group_hotel_relations",
        )
        cls.company.hotel_care_user_id = cls.care
        cls.winback = cls.env.ref("hotel_crm.mail_activity_type_guest_winback")

    def _activities(self, guest, with_done=False):
        """The guest's win-back calls: the open ones, or also the done ones
        kept (archived) by their type."""
        return (
            self.env["mail.activity"]
            .with_context(active_test=not with_done)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", guest.id),
                    ("activity_type_id", "=", self.winback.id),
                ]
            )
        )

    def _daily(self, on_date):
        with freeze_time(on_date):
            return self.Retention.sudo()._hotel_cron_refresh()


@tagged("post_install", "-at_install")
class TestWinBack(WinBackCommon):
    def test_once_per_newly_lapsed_guest(self):
        guest = self._member("Wendy Win Back")
        self._arrivals(guest, [D - timedelta(days=367)])
        self._daily(D)
        # the first pass sets the baseline: nobody is newly lapsed
        self.assertFalse(self._activities(guest))
        self._daily(D + timedelta(days=1))
        activity = self._activities(guest)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.care)
        self.assertEqual(activity.date_deadline, D + timedelta(days=1))
        self.assertIn("after a single stay", activity.note)
        self.assertEqual(self._row(guest).winback_activity_id, activity)
        # the next days: no second one while it is open, nor once it is done
        self._daily(D + timedelta(days=2))
        self.assertEqual(self._activities(guest), activity)
        activity.action_feedback(feedback="Called, will come in June.")
        self._daily(D + timedelta(days=3))
        self.assertFalse(self._activities(guest))
        self.assertFalse(self._row(guest).winback_activity_id)

    def test_newly_high_risk_with_an_activity_open(self):
        guest = self._member("Rhea Risk")
        other = self._member("Otto Other")
        self._arrivals(guest, [D - timedelta(days=100), D - timedelta(days=40)])
        self._arrivals(other, [D - timedelta(days=200)])
        self._daily(D)
        self.assertEqual(self._row(guest).segment, "loyal")
        self.assertEqual(self._row(guest).churn_risk, "low")
        self._daily(D + timedelta(days=82))
        self.assertFalse(self._activities(guest))
        # lapsed (60-day floor after a 60-day rhythm: 121 days) and high risk
        self._daily(D + timedelta(days=83))
        row = self._row(guest)
        self.assertTrue(row.is_lapsed)
        self.assertEqual(row.churn_risk, "high")
        self.assertEqual(len(self._activities(guest)), 1)
        self.assertIn("usually comes back every 60 days", self._activities(guest).note)

    def test_in_the_language_of_the_user_who_calls(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"])
        self.care.lang = "zh_CN"
        guest = self._member("Zhao Lapsing")
        self._arrivals(guest, [D - timedelta(days=367)])
        self._daily(D)
        self._daily(D + timedelta(days=1))
        activity = self._activities(guest)
        self.assertEqual(activity.summary, "挽回该宾客")
        self.assertIn("此前仅入住过一次", activity.note)

    def test_never_for_restricted_or_anonymized_or_without_contact(self):
        restricted = self._member("Rex Restricted")
        lapsing = self._member("Lara Lapsing")
        for guest in (restricted, lapsing):
            self._arrivals(guest, [D - timedelta(days=367)])
        self.env["hotel.guest.restriction"].create(
            {"partner_id": restricted.id, "reason": "Damaged the room."}
        )
        self._daily(D)
        self.company.hotel_care_user_id = False
        self.care.active = False
        self._daily(D + timedelta(days=1))
        self.assertFalse(self._activities(restricted))
        # nobody else in Guest Relations but the test users: the first one
        activity = self._activities(lapsing)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("hotel_crm.group_hotel_relations"))
        self.assertEqual(
            self.Retention.search_count([("winback_pending", "=", True)]), 0
        )

    def test_query_count_does_not_grow(self):
        """The pass over 10 and over 100 guests, each newly lapsed."""

        def population(count, tag):
            guests = self.env["res.partner"].create(
                [
                    {"name": f"Guest {tag} {i}", "is_hotel_guest": True}
                    for i in range(count)
                ]
            )
            self.env["hotel.stay"].create(
                [
                    {
                        "partner_id": guest.id,
                        "room_type_id": self.room_double.id,
                        "check_in_date": D - timedelta(days=369),
                        "check_out_date": D - timedelta(days=365),
                        "state": "checked_out",
                    }
                    for guest in guests
                ]
            )
            return guests

        counts = []
        # a first pass fills Odoo's caches (references, defaults, subtypes)
        for count in (1, 10, 100):
            with self.subTest(count=count):
                # the previous population leaves
                self.env.cr.execute("DELETE FROM hotel_stay")
                self.env.invalidate_all()
                self.Retention.sudo().search([]).unlink()
                population(count, count)
                self._daily(D)
                self.env.flush_all()
                self.env.invalidate_all()
                with freeze_time(D + timedelta(days=1)):
                    self.env.cr.execute("SELECT 1")
                    before = self.env.cr.sql_log_count
                    self.Retention.sudo()._hotel_cron_refresh()
                    self.env.flush_all()
                    counts.append(self.env.cr.sql_log_count - before)
                    self.assertEqual(
                        self.Retention.search_count(
                            [("winback_activity_id", "!=", False)]
                        ),
                        count,
                    )
        self.assertEqual(counts[1:], [45, 45])
