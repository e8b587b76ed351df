import threading

from odoo.tests import tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestDuplicateRace(HotelCrmCommon):
    """Two clerks enter the same person at the same moment: each transaction
    sees the guest files as they were before the other's, so neither flags
    the twin; the daily scheduled action does."""

    def test_twins_entered_at_once_are_flagged_by_the_daily_pass(self):
        registry = self.registry
        admin = self.env.ref("base.user_admin").id
        barrier = threading.Barrier(2, timeout=20)
        created, errors = [], []

        def enter(name):
            try:
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=admin)
                    # both snapshots are taken before either guest exists
                    env["res.partner"].search_count([("email", "=", "twin@race.test")])
                    barrier.wait()
                    guest = env["res.partner"].create(
                        {
                            "name": name,
                            "email": "twin@race.test",
                            "is_hotel_guest": True,
                        }
                    )
                    env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                    created.append(guest.id)
            except Exception as error:  # pylint: disable=broad-except
                errors.append(error)

        threads = [
            threading.Thread(target=enter, args=(name,))
            for name in ("Tess Twin", "Tess Twin (desk 2)")
        ]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            self.assertFalse(errors)
            self.assertEqual(len(created), 2)
            with registry.cursor() as cr:
                env = self.env(cr=cr)
                twins = env["res.partner"].browse(created)
                # what each transaction could see: no twin yet
                self.assertEqual(twins.mapped("guest_has_duplicates"), [False, False])
                cron = env.ref("hotel_crm.ir_cron_duplicate_flags")
                self.assertTrue(cron.active)
                self.assertEqual(
                    (cron.interval_number, cron.interval_type), (1, "days")
                )
                cron.method_direct_trigger()
                twins.invalidate_recordset()
                self.assertEqual(twins.mapped("guest_has_duplicates"), [True, True])
                # a second pass changes nothing
                before = twins.mapped("write_date")
                cron.method_direct_trigger()
                twins.invalidate_recordset()
                self.assertEqual(twins.mapped("guest_has_duplicates"), [True, True])
                self.assertEqual(twins.mapped("write_date"), before)
                cr.rollback()
        finally:
            with registry.cursor() as cr:
                if created:
                    cr.execute(
                        "DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                        "AND res_id IN %s",
                        [tuple(created)],
                    )
                    cr.execute(
                        "DELETE FROM mail_message WHERE model = 'res.partner' "
                        "AND res_id IN %s",
                        [tuple(created)],
                    )
                    cr.execute(
                        "DELETE FROM res_partner WHERE id IN %s", [tuple(created)]
                    )
