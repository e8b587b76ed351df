"""Possible duplicates at 100,000 guests: the flag that the Possible
Duplicates filter starts from, kept exact on every path that changes it, and
what the filter, the guest form and the duplicate search cost in queries
whatever the number of guests. The Restricted filter is pinned the same way."""

from collections import Counter

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.sql import index_exists

from ..hooks import uninstall_hook
from ..models.res_partner_duplicate import DUPLICATE_KEYS, EMAIL_INDEX
from .common import HotelCrmCommon, HotelCrmInvoicingCommon

PROTECTED = "These fields are set by Hotel CRM itself and cannot be written directly"
DESK = "base.group_user,hotel_crm.group_hotel_user"


class DuplicateFlagMixin:
    def _flagged(self, partners):
        """The partners of ``partners`` whose flag is set, as the database
        holds it (read afresh)."""
        self.env.invalidate_all()
        return (
            partners.sudo()
            .with_context(active_test=False)
            .filtered("guest_has_duplicates")
            .with_env(self.env)
        )

    def _assert_flags_exact(self):
        """The flags of every partner of the database are what grouping every
        guest file by its keys gives (what the filter did before the flag)."""
        self.env.flush_all()
        self.env.invalidate_all()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partners = Partner.search([])
        guests = partners.filtered(
            lambda p: p.active and p.is_hotel_guest and not p.guest_anonymized
        )
        expected = Partner
        for fname in DUPLICATE_KEYS:
            counts = Counter(p[fname] for p in guests if p[fname])
            expected |= guests.filtered(lambda p, f=fname, c=counts: c[p[f]] > 1)
        self.assertEqual(
            Partner.search([("guest_has_duplicates", "=", True)]), expected
        )
        self.assertEqual(partners.filtered("guest_has_duplicates"), expected)


@tagged("post_install", "-at_install")
class TestDuplicateFlag(DuplicateFlagMixin, HotelCrmCommon):
    def test_twins_by_email_are_flagged_together(self):
        anna = self._hotel_create_guest("Anna Twin", email="anna@example.com")
        alone = self._hotel_create_guest("Alone Guest", email="alone@example.com")
        self.assertFalse(self._flagged(anna | alone))
        anna_bis = self._hotel_create_guest("A. Twin", email="ANNA@example.com")
        self.assertEqual(self._flagged(anna | anna_bis | alone), anna | anna_bis)
        self._assert_flags_exact()
        # one changes its e-mail: neither has a twin any more
        anna_bis.with_user(self.user_front_desk).write({"email": "a.b@example.com"})
        self.assertFalse(self._flagged(anna | anna_bis))
        # ...and takes the other one's: both again
        anna.with_user(self.user_front_desk).write({"email": "a.b@example.com"})
        self.assertEqual(self._flagged(anna | anna_bis), anna | anna_bis)
        self._assert_flags_exact()

    def test_twins_by_phone_and_by_id_number(self):
        bob = self._hotel_create_guest("Bob Phone", phone="+41 44 555 12 34")
        rob = self._hotel_create_guest("Rob Phone", mobile="044 555 12 34")
        cleo = self._hotel_create_guest("Cleo Id", guest_id_number="P123456")
        cleo_bis = self._hotel_create_guest("Cleo Bis", guest_id_number="P123456")
        self.assertEqual(
            self._flagged(bob | rob | cleo | cleo_bis), bob | rob | cleo | cleo_bis
        )
        rob.with_user(self.user_front_desk).write({"mobile": "044 555 99 99"})
        cleo_bis.with_user(self.user_front_desk).write({"guest_id_number": "X1"})
        self.assertFalse(self._flagged(bob | rob | cleo | cleo_bis))
        # an empty ID number is no key
        cleo.with_user(self.user_front_desk).write({"guest_id_number": ""})
        cleo_bis.with_user(self.user_front_desk).write({"guest_id_number": ""})
        self.assertFalse(self._flagged(cleo | cleo_bis))
        # the phone, then the mobile when there is no phone
        rob.with_user(self.user_front_desk).write({"phone": "0041445551234"})
        self.assertEqual(self._flagged(bob | rob), bob | rob)
        self._assert_flags_exact()

    def test_three_of_a_kind_keep_their_flags_when_one_leaves(self):
        first, second, third = (
            self._hotel_create_guest(name, email="triple@example.com")
            for name in ("Tia One", "Tia Two", "Tia Three")
        )
        second.with_user(self.user_front_desk).write({"email": "tia2@example.com"})
        self.assertEqual(self._flagged(first | second | third), first | third)
        self._assert_flags_exact()

    def test_archived_twin(self):
        kept = self._hotel_create_guest("Karl Kept", email="karl@example.com")
        gone = self._hotel_create_guest("Karl Gone", email="karl@example.com")
        gone.with_user(self.user_front_desk).action_archive()
        self.assertFalse(self._flagged(kept | gone))
        gone.with_user(self.user_front_desk).action_unarchive()
        self.assertEqual(self._flagged(kept | gone), kept | gone)
        self._assert_flags_exact()

    def test_contact_that_stops_being_a_guest(self):
        guest = self._hotel_create_guest("Gil Guest", phone="+33 6 12 34 56 78")
        twin = self._hotel_create_guest("Gil Twin", phone="06 12 34 56 78")
        twin.with_user(self.user_front_desk).write({"is_hotel_guest": False})
        self.assertFalse(self._flagged(guest | twin))
        # a contact that is no guest is nobody's twin
        contact = self.env["res.partner"].create(
            {"name": "Gil Contact", "phone": "0612345678"}
        )
        self.assertFalse(self._flagged(guest | twin | contact))
        contact.with_user(self.user_front_desk).write({"is_hotel_guest": True})
        self.assertEqual(self._flagged(guest | twin | contact), guest | contact)
        self._assert_flags_exact()

    def test_anonymized_twin(self):
        guest = self._hotel_create_guest("Greta Forget", email="greta@example.com")
        twin = self._hotel_create_guest("Greta Twin", email="greta@example.com")
        self.assertEqual(self._flagged(guest | twin), guest | twin)
        action = guest.with_user(self.user_manager).action_hotel_anonymize()
        Wizard = self.env[action["res_model"]].with_user(self.user_manager)
        Form(Wizard.with_context(**action["context"])).save().action_confirm()
        self.assertTrue(guest.guest_anonymized)
        self.assertFalse(self._flagged(guest | twin))
        self._assert_flags_exact()

    def test_merged_twins(self):
        kept = self._hotel_create_guest("Mia Merge", email="mia@example.com")
        merged = self._hotel_create_guest("Mia Old", email="mia@example.com")
        self._hotel_merge(kept | merged, kept, self.user_manager)
        self.assertFalse(merged.exists())
        self.assertFalse(self._flagged(kept))
        # a third file of the same person stays a possible duplicate
        first = self._hotel_create_guest("Max One", phone="+49 170 1234567")
        second = self._hotel_create_guest("Max Two", phone="0170 1234567")
        third = self._hotel_create_guest("Max Three", phone="01701234567")
        self._hotel_merge(first | second, first, self.user_manager)
        self.assertEqual(self._flagged(first | third), first | third)
        self._assert_flags_exact()

    def test_deleted_twin(self):
        kept = self._hotel_create_guest("Dan Kept", guest_id_number="D-42")
        deleted = self._hotel_create_guest("Dan Deleted", guest_id_number="D-42")
        deleted.unlink()
        self.assertFalse(self._flagged(kept))
        self._assert_flags_exact()

    def test_batch_write_and_create(self):
        guests = self.env["res.partner"].create(
            [
                {"name": f"Batch {i}", "is_hotel_guest": True, "email": f"b{i}@x.com"}
                for i in range(6)
            ]
        )
        self.assertFalse(self._flagged(guests))
        # one write gives half of them the e-mail of the other half
        guests[3:].write({"email": "b0@x.com"})
        self.assertEqual(self._flagged(guests), guests[0] | guests[3:])
        guests.write({"is_hotel_guest": False})
        self.assertFalse(self._flagged(guests))
        self._assert_flags_exact()

    def test_the_flag_is_filled_for_an_existing_database(self):
        """When the module is installed (or the flag added) on a database with
        guests, every partner's flag is set in one pass; a wrong flag is put
        right."""
        anna = self._hotel_create_guest("Anna Fill", email="fill@example.com")
        twin = self._hotel_create_guest("Anna Fill Twin", email="fill@example.com")
        alone = self._hotel_create_guest("Al Fill", email="al.fill@example.com")
        self.env.cr.execute(
            "UPDATE res_partner SET guest_has_duplicates = NULL WHERE id IN %s",
            [tuple((anna | twin).ids)],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET guest_has_duplicates = TRUE WHERE id = %s",
            [alone.id],
        )
        self.env["res.partner"]._hotel_fill_duplicate_flags()
        self.assertEqual(self._flagged(anna | twin | alone), anna | twin)
        self._assert_flags_exact()

    def test_clients_cannot_write_the_flag(self):
        guest = self._hotel_create_guest("Fred Flag", email="fred@example.com")
        for user in (self.user_front_desk, self.user_manager):
            as_user = guest.with_user(user)
            with self._hotel_assert_raises(UserError, PROTECTED):
                as_user.write({"guest_has_duplicates": True})
            with self._hotel_assert_raises(UserError, PROTECTED):
                self.env["res.partner"].with_user(user).create(
                    {"name": "Fake Flag", "guest_has_duplicates": True}
                )
            result = (
                self.env["res.partner"]
                .with_user(user)
                .load([".id", "guest_has_duplicates"], [[str(guest.id), "1"]])
            )
            self.assertIs(result["ids"], False)
            errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
            self.assertTrue(errors)
            self.assertIn(PROTECTED, errors[0])
            # nor through a default of the context
            partner = (
                self.env["res.partner"]
                .with_user(user)
                .with_context(default_guest_has_duplicates=True)
                .create({"name": "Default Flag", "is_hotel_guest": True})
            )
            self.assertFalse(self._flagged(partner))
        # nor other users, to whom the field is hidden anyway
        with self.assertRaises(UserError):
            guest.with_user(self.user_internal).write({"guest_has_duplicates": True})
        self.assertFalse(self._flagged(guest))
        self.assertFalse(
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", "Fake Flag")])
        )

    def test_indexes(self):
        cr = self.env.cr
        for name in (
            EMAIL_INDEX,
            "res_partner__guest_phone_key_index",
            "res_partner__guest_id_number_index",
            "res_partner__guest_has_duplicates_index",
            "hotel_guest_restriction__partner_id_index",
            "hotel_guest_restriction_current_index",
        ):
            self.assertTrue(index_exists(cr, name), name)
        cr.execute(
            "SELECT 1 FROM pg_statistic_ext "
            "WHERE stxname = 'hotel_guest_restriction_current_stats'"
        )
        self.assertEqual(cr.rowcount, 1)

    def test_uninstall_drops_the_index_on_odoo_columns(self):
        cr = self.env.cr
        with self.assertRaises(InterruptedError), cr.savepoint():
            uninstall_hook(self.env)
            self.assertFalse(index_exists(cr, EMAIL_INDEX))
            raise InterruptedError  # undo the uninstallation
        self.env.invalidate_all()
        self.assertTrue(index_exists(cr, EMAIL_INDEX))


@tagged("post_install", "-at_install")
class TestDuplicateFilter(DuplicateFlagMixin, HotelCrmInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Hotel Two")["company"]
        cls.desk_a = new_test_user(
            cls.env,
            login="dup_desk_one",
            groups=DESK,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.desk_b = new_test_user(
            cls.env,
            login="dup_desk_two",
            groups=DESK,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    def _filter(self, user, operator=">"):
        domain = [("is_hotel_guest", "=", True), ("guest_duplicate_count", operator, 0)]
        return self.env["res.partner"].with_user(user).search(domain)

    def test_filter_counts_only_twins_the_user_may_read(self):
        # a guest file shared by both hotels, whose only twin is the second
        # hotel's guest
        shared = self._hotel_create_guest("Wang Shared", phone="13800138000")
        theirs = self._hotel_create_guest(
            "Wang Two", phone="+86 138 0013 8000", company_id=self.company_b.id
        )
        ours = self._hotel_create_guest(
            "Li Ours", email="li@example.com", company_id=self.env.company.id
        )
        ours_twin = self._hotel_create_guest("Li Twin", email="li@example.com")
        self.assertEqual(
            self._flagged(shared | theirs | ours | ours_twin),
            shared | theirs | ours | ours_twin,
        )
        everyone = shared | theirs | ours | ours_twin
        # the first hotel's desk: Wang Shared's twin is not theirs to see, the
        # second hotel's desk does not see the first hotel's twins
        Partner = self.env["res.partner"]
        self.assertTrue(Partner.with_user(self.desk_a)._hotel_flagged_guests_hidden())
        self.assertTrue(Partner.with_user(self.desk_b)._hotel_flagged_guests_hidden())
        self.assertFalse(Partner._hotel_flagged_guests_hidden())
        self.assertEqual(self._filter(self.desk_a) & everyone, ours | ours_twin)
        self.assertEqual(shared.with_user(self.desk_a).guest_duplicate_count, 0)
        self.assertIn(shared, self._filter(self.desk_a, "="))
        self.assertNotIn(ours, self._filter(self.desk_a, "="))
        # the second hotel's desk sees its own guest and the shared file
        self.assertEqual(self._filter(self.desk_b) & everyone, shared | theirs)
        self.env.invalidate_all()
        self.assertEqual(shared.with_user(self.desk_b).guest_duplicate_count, 1)
        # the search view's filter, as the administrator uses it
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "possible_duplicates"
        )
        self.assertEqual(found & everyone, everyone)

    def test_filter_and_count_agree(self):
        guests = self.env["res.partner"].create(
            [
                {
                    "name": f"Agree {i}",
                    "is_hotel_guest": True,
                    "email": f"ag{i % 4}@example.com",
                }
                for i in range(6)
            ]
        )
        # ag0 and ag1 are shared, ag2 and ag3 are not
        for user in (self.desk_a, self.user_front_desk):
            found = self._filter(user) & guests
            self.assertEqual(found, guests[:2] | guests[4:])
            for guest in guests.with_user(user):
                self.assertEqual(guest.guest_duplicate_count > 0, guest in found)
            self.assertEqual(self._filter(user, "=") & guests, guests - found)


@tagged("post_install", "-at_install")
class TestDuplicateQueryCounts(DuplicateFlagMixin, HotelCrmCommon):
    """Exact query counts at two sizes: the same at both."""

    LIST_SPEC = {"display_name": {}, "guest_code": {}, "email": {}, "phone": {}}

    def _guests(self, size, tag):
        """``size`` guests, every third of them with the e-mail of the one
        before, every fifth with its phone."""
        vals = []
        for i in range(size):
            email = f"{tag}{i - 1 if i % 3 == 2 else i}@example.com"
            phone = f"+41 79 {size:03d} {i - 1 if i % 5 == 4 else i:04d}"
            vals.append(
                {
                    "name": f"{tag} Guest {i}",
                    "is_hotel_guest": True,
                    "email": email,
                    "phone": phone,
                }
            )
        guests = self.env["res.partner"].create(vals)
        self.env.flush_all()
        return guests

    def test_possible_duplicates_list_costs_the_same_for_any_number_of_guests(self):
        """The list with the filter: the user's companies, the page of flagged
        guests and their columns, their names, the total; no grouping of all
        guests."""
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        domain = [("is_hotel_guest", "=", True), ("guest_duplicate_count", ">", 0)]
        for size, tag in ((10, "few"), (60, "many")):
            guests = self._guests(size, tag)
            Partner.web_search_read(domain, self.LIST_SPEC, limit=80)  # warm-up
            self.env.invalidate_all()
            # whether another hotel's flagged guests are hidden from the user
            # (they are not: no join of the twins), for the page and the total
            self.assertFalse(Partner._hotel_flagged_guests_hidden())
            with self.assertQueryCount(6):
                result = Partner.web_search_read(domain, self.LIST_SPEC, limit=80)
                total = Partner.search_count(domain)
            flagged = self._flagged(guests)
            self.assertTrue(flagged)
            self.assertLessEqual(set(flagged.ids), {r["id"] for r in result["records"]})
            self.assertEqual(total, result["length"])

    def test_guest_form_duplicate_count_costs_the_same(self):
        """The user's companies, the guest's keys, the guests that share
        them (through the indexes of the keys), their names."""
        for size, tag in ((10, "formfew"), (60, "formmany")):
            guests = self._guests(size, tag)
            guest = guests[1].with_user(self.user_front_desk)
            spec = {
                "guest_duplicate_count": {},
                "guest_duplicate_ids": {"fields": {"display_name": {}}},
            }
            guest.web_read(spec)  # warm-up
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                values = guest.web_read(spec)[0]
            self.assertEqual(values["guest_duplicate_count"], 1)
            self.assertEqual(values["guest_duplicate_ids"][0]["id"], guests[2].id)

    def test_guest_form_searches_twins_only_where_there_may_be_some(self):
        """A saved guest file without the flag has no twin: its count costs no
        search. A flagged file is searched, and so are a partner that is no
        guest file (an archived one: never flagged) and a file being entered."""
        guests = self._guests(5, "formflag")
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        spec = {"guest_duplicate_count": {}}
        lonely, twin = Partner.browse(guests[0].id), Partner.browse(guests[1].id)
        (lonely | twin).web_read(spec)  # warm-up
        for partner, queries, found in ((lonely, 2, 0), (twin, 3, 1)):
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                values = partner.web_read(spec)[0]
            self.assertEqual(values["guest_duplicate_count"], found)
        guests[2].action_archive()
        self.assertEqual(self._flagged(guests), guests[3:5])
        self.env.invalidate_all()
        archived = Partner.with_context(active_test=False).browse(guests[2].id)
        self.assertEqual(archived.guest_duplicate_ids, twin)
        self.assertEqual(twin.guest_duplicate_count, 0)
        entered = Partner.new(
            {"name": "Walk-in", "is_hotel_guest": True, "email": guests[3].email}
        )
        self.assertEqual(entered.guest_duplicate_ids._origin, guests[3])

    def test_duplicates_of_many_guests_in_a_fixed_number_of_queries(self):
        """The duplicates of every guest of an export: the keys of all of
        them, one search of the guests that share one, matched in memory."""
        for size, tag in ((20, "exportfew"), (200, "exportmany")):
            guests = self._guests(size, tag).with_user(self.user_front_desk)
            guests._guest_duplicates_by_partner()  # warm-up
            self.env.invalidate_all()
            with self.assertQueryCount(3):
                duplicates = guests._guest_duplicates_by_partner()
            # each first of a pair has its twin by e-mail
            self.assertEqual(duplicates[guests[1].id], guests[2])
            self.assertEqual(duplicates[guests[2].id], guests[1])

    def test_flag_upkeep_costs_the_same_for_any_batch(self):
        """Changing many guests at once: the flags of all of them and of their
        twins are set in one statement."""
        # without the chatter's tracking messages: one per guest, Odoo's own
        untracked = {"tracking_disable": True}
        warm = self._guests(3, "keepwarm").with_context(**untracked)
        warm.write({"is_hotel_guest": False})
        for size, tag in ((10, "keepfew"), (60, "keepmany")):
            guests = self._guests(size, tag).with_context(**untracked)
            self.env.invalidate_all()
            with self.assertQueryCount(5):
                guests.write({"is_hotel_guest": False})
            self.assertFalse(self._flagged(guests))

    def test_restricted_list_costs_the_same_for_any_number_of_guests(self):
        """The list with the Restricted filter: the restrictions in force
        through their index, whatever the number of restricted guests."""
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        domain = [("is_hotel_guest", "=", True), ("guest_is_restricted", "=", True)]
        for size, tag in ((10, "rfew"), (60, "rmany")):
            guests = self._guests(size, tag)
            guests.with_user(self.user_manager)._hotel_restrict("Broke the rules")
            Partner.web_search_read(domain, self.LIST_SPEC, limit=80)  # warm-up
            self.env.invalidate_all()
            with self.assertQueryCount(6):
                result = Partner.web_search_read(domain, self.LIST_SPEC, limit=80)
                total = Partner.search_count(domain)
            self.assertLessEqual(set(guests.ids), {r["id"] for r in result["records"]})
            self.assertEqual(total, result["length"])
