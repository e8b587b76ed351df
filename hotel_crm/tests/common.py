from odoo.tests import TransactionCase, new_test_user


class HotelCrmCommon(TransactionCase):
    """Users of each hotel role and a plain internal user, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.user_front_desk = new_test_user(
            cls.env,
            login="hotel_front_desk",
            name="Frida Front Desk",
            groups="base.group_user,hotel_crm.group_hotel_user",
        )
        cls.user_relations = new_test_user(
            cls.env,
            login="hotel_relations",
            name="Rita Relations",
            groups="base.group_user,hotel_crm.group_hotel_relations",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="hotel_manager",
            name="Max Manager",
            groups="base.group_user,hotel_crm.group_hotel_manager",
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="hotel_outsider",
            name="Olga Outsider",
            groups="base.group_user",
        )
