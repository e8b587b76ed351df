from contextlib import contextmanager
from datetime import datetime, time

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


class HotelCrmUsersMixin:
    """Real users of each hotel role, an accountant and a plain internal user."""

    @classmethod
    def _hotel_setup_users(cls):
        def user(login, name, groups):
            return new_test_user(cls.env, login=login, name=name, groups=groups)

        cls.user_front_desk = user(
            "hotel_front_desk",
            "Frida Front Desk",
            "base.group_user,hotel_crm.group_hotel_user",
        )
        cls.user_relations = user(
            "hotel_relations",
            "Rita Relations",
            "base.group_user,hotel_crm.group_hotel_relations",
        )
        cls.user_manager = user(
            "hotel_manager",
            "Max Manager",
            "base.group_user,hotel_crm.group_hotel_manager",
        )
        cls.user_accountant = user(
            "hotel_accountant",
            "Anton Accountant",
            "base.group_user,account.group_account_invoice",
        )
        cls.user_internal = user(
            "hotel_outsider",
            "Olga Outsider",
            # what Odoo gives every new internal user
            "base.group_user,base.group_partner_manager,base.group_allow_export",
        )

    def _hotel_merge(self, partners, dst, user=None):
        """Odoo's merge wizard as ``user`` (the current one by default) runs
        it: ``partners`` selected in a list, merged into ``dst``."""
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.with_context(
            active_model="res.partner", active_ids=partners.ids
        ).create({"dst_partner_id": dst.id})
        return wizard.action_merge()

    def _hotel_flush_tracking(self):
        """Write the chatter tracking, which Odoo does just before a commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    @contextmanager
    def _hotel_assert_raises(self, exception, text):
        """assertRaises (which rolls back what the failed call wrote) that also
        checks the message the user reads."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def _hotel_filter_domain(self, action_xmlid, filter_name):
        """The domain of a filter of the search view of an action, evaluated
        the way the web client does."""
        action = self.env.ref(action_xmlid)
        model = self.env[action.res_model]
        arch = model.get_views([(action.search_view_id.id, "search")])["views"][
            "search"
        ]
        node = etree.fromstring(arch["arch"]).xpath(f"//filter[@name='{filter_name}']")
        self.assertTrue(node, f"no filter {filter_name} in the search view")
        return safe_eval(node[0].get("domain"), {"context_today": fields.Date.today})

    def _hotel_search_filter(self, action_xmlid, filter_name):
        """What a user sees with the action and one of its filters."""
        action = self.env.ref(action_xmlid)
        domain = safe_eval(action.domain or "[]") + self._hotel_filter_domain(
            action_xmlid, filter_name
        )
        return self.env[action.res_model].search(domain)

    @classmethod
    def _hotel_on_its_day(cls, stays, fname, action, user=None):
        """Runs ``action`` on ``stays`` on the day of their ``fname``, at noon
        (the same date in every time zone of the users), as the front desk
        does on that day; returns what the last call returned."""
        result = None
        for day in sorted(set(stays.mapped(fname))):
            batch = stays.filtered(lambda s, d=day: s[fname] == d)
            if user:
                batch = batch.with_user(user)
            with freeze_time(datetime.combine(day, time(12, 0))):
                result = getattr(batch, action)()
        return result

    @classmethod
    def _hotel_check_in(cls, stays, user=None):
        """Checks ``stays`` in on their arrival day (a check-in on another day
        first asks to move the check-in date to that day)."""
        return cls._hotel_on_its_day(stays, "check_in_date", "action_check_in", user)

    @classmethod
    def _hotel_check_out(cls, stays, user=None):
        """Checks ``stays`` out on their departure day (a check-out on another
        day first asks to move the check-out date to that day)."""
        return cls._hotel_on_its_day(stays, "check_out_date", "action_check_out", user)

    @classmethod
    def _hotel_create_guest(cls, name, **vals):
        guest = cls.env["res.partner"].create(
            {"name": name, "is_hotel_guest": True, **vals}
        )
        # as if the creation was committed: later changes get tracked
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        return guest


class HotelCrmCommon(HotelCrmUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._hotel_setup_users()


class HotelCrmInvoicingCommon(HotelCrmUsersMixin, AccountTestInvoicingCommon):
    @classmethod
    def default_env_context(cls):
        # the chatter is part of what hotel staff check: keep tracking on
        return {"no_reset_password": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._hotel_setup_users()
        # the accounting test user also runs the hotel, like the administrator
        cls.env.user.groups_id += cls.env.ref("hotel_crm.group_hotel_manager")


def hotel_view_spec(env, model, view_xmlid, view_type="form"):
    """The specification the web client sends to ``web_read`` /
    ``web_search_read`` for a view: its fields, the display name of
    many-to-ones and the first 40 rows of the lists inside it."""
    view = env.ref(view_xmlid)
    views = env[model].get_views([(view.id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    models = views["models"]

    def own_fields(node):
        for field in node.iter("field"):
            parent = field.getparent()
            while parent is not node and parent.tag != "field":
                parent = parent.getparent()
            if parent is node:
                yield field

    def spec_of(node, model_name):
        spec = {}
        for field in own_fields(node):
            name = field.get("name")
            description = models[model_name]["fields"][name]
            if description["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif description["type"] in ("one2many", "many2many"):
                sub = next(
                    (child for child in field if child.tag in ("list", "kanban")),
                    None,
                )
                spec[name] = (
                    {"fields": spec_of(sub, description["relation"]), "limit": 40}
                    if sub is not None
                    else {"fields": {"display_name": {}}}
                )
            else:
                spec[name] = {}
        return spec

    return spec_of(arch, model)
