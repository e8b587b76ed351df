from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationFileReader, TranslationModuleReader

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestTermsExported(HotelCrmCommon):
    """hotel_crm/i18n/hotel_crm.pot holds exactly the terms of the module, so
    a new or reworded string fails here until `make i18n` exported it (and the
    static tier then fails until it is translated)."""

    def test_template_is_current(self):
        module = self.env.ref("base.module_hotel_crm")
        if not module.demo:
            self.skipTest("the template is exported with the demo data's terms")
        reader = TranslationModuleReader(self.env.cr, modules=["hotel_crm"])
        exported = {row[4] for row in reader}
        pot = file_path("hotel_crm/i18n/hotel_crm.pot")
        with open(pot, "rb") as template:
            committed = {row["src"] for row in TranslationFileReader(template)}
        missing = sorted(exported - committed)
        extra = sorted(committed - exported)
        if missing or extra:
            self.fail(
                "hotel_crm/i18n/hotel_crm.pot is not current: run `make i18n`, "
                "then translate the new terms in hotel_crm/i18n/*.po.\n"
                + "".join(f"  missing from the .pot: {src!r}\n" for src in missing)
                + "".join(f"  no longer in the module: {src!r}\n" for src in extra)
            )


@tagged("post_install", "-at_install")
class TestChinese(HotelCrmCommon):
    """With Chinese (Simplified) loaded, a user whose language it is reads
    hotel_crm in Chinese: menus, labels, choices, views, data and messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["hotel_crm"], ["zh_CN"], overwrite=True
        )
        cls.env.invalidate_all()
        cls.user_zh = new_test_user(
            cls.env,
            login="hotel_front_desk_zh",
            name="Zhang Qiantai",
            groups="base.group_user,hotel_crm.group_hotel_user",
            lang="zh_CN",
        )

    def _as_zh_user(self, records):
        """``records`` as the Chinese front desk clerk sees them in the web
        client, which sends the user's language in the context."""
        return records.with_user(self.user_zh).with_context(lang=self.user_zh.lang)

    def test_menus(self):
        def name(xmlid):
            return self.env.ref(xmlid).with_context(lang="zh_CN").name

        self.assertEqual(name("hotel_crm.hotel_crm_menu_root"), "酒店CRM")
        self.assertEqual(name("hotel_crm.hotel_stay_menu_front_desk"), "前台")
        self.assertEqual(name("hotel_crm.hotel_stay_menu"), "全部住店记录")
        self.assertEqual(name("hotel_crm.res_partner_menu_hotel_guest"), "宾客")
        self.assertEqual(
            name("hotel_crm.hotel_stay_menu_invoicing"), "待开票的酒店住店记录"
        )

    def test_field_labels(self):
        Stay = self._as_zh_user(self.env["hotel.stay"])
        fields = Stay.fields_get(
            ["check_in_date", "check_out_date", "billing_partner_id", "nightly_rate"],
            ["string", "help"],
        )
        self.assertEqual(fields["check_in_date"]["string"], "入住日期")
        self.assertEqual(fields["check_out_date"]["string"], "退房日期")
        self.assertEqual(fields["billing_partner_id"]["string"], "结算方")
        self.assertEqual(
            fields["billing_partner_id"]["help"],
            "开票对象：宾客本人；如宾客所在公司为协议单位，则为该公司。",
        )
        self.assertEqual(fields["nightly_rate"]["string"], "房价")
        partner = self._as_zh_user(self.env["res.partner"]).fields_get(
            ["guest_code", "guest_do_not_disclose"], ["string"]
        )
        self.assertEqual(partner["guest_code"]["string"], "宾客编号")
        self.assertEqual(partner["guest_do_not_disclose"]["string"], "保密")

    def test_stay_status(self):
        Stay = self._as_zh_user(self.env["hotel.stay"])
        selection = Stay.fields_get(["state"], ["selection"])["state"]["selection"]
        self.assertEqual(
            [tuple(option) for option in selection],
            [
                ("booked", "已预订"),
                ("checked_in", "已入住"),
                ("checked_out", "已退房"),
                ("cancelled", "已取消"),
                ("no_show", "未到"),
            ],
        )

    def test_views(self):
        views = self._as_zh_user(self.env["hotel.stay"]).get_views(
            [(False, "form"), (False, "search")]
        )["views"]
        form = etree.fromstring(views["form"]["arch"])
        self.assertEqual(
            form.xpath("//button[@name='action_check_in']/@string"), ["办理入住"]
        )
        self.assertEqual(form.xpath("//page[@name='charges']/@string"), ["消费明细"])
        # the restriction banner: its icon in the view, its sentence a field
        # (test_restriction_banner)
        banner = form.xpath("//div[@name='guest_restricted_alert']")[0]
        self.assertEqual(
            banner.xpath("./i[contains(@class, 'fa-ban')]/@title"), ["限制入住"]
        )
        self.assertEqual(banner.xpath("./field/@name"), ["guest_restriction_banner"])
        search = etree.fromstring(views["search"]["arch"])
        self.assertEqual(search.xpath("//filter[@name='in_house']/@string"), ["在住"])
        self.assertEqual(search.xpath("//filter[@name='arrivals']/@string"), ["预抵"])
        self.assertEqual(search.xpath("//filter[@name='departures']/@string"), ["预离"])
        # the guest file inside the contact form (an inherited view)
        partner_form = self._as_zh_user(self.env["res.partner"]).get_views(
            [(False, "form")]
        )["views"]["form"]["arch"]
        partner_form = etree.fromstring(partner_form)
        self.assertEqual(partner_form.xpath("//page[@name='hotel']/@string"), ["酒店"])
        disclose = partner_form.xpath("//div[@name='guest_do_not_disclose_alert']")[0]
        self.assertIn("切勿向来电者或访客透露", "".join(disclose.itertext()))

    def test_restriction_banner(self):
        guest = self._hotel_create_guest("Wang Wu")
        self.env["hotel.guest.restriction"].create(
            {"partner_id": guest.id, "reason": "损坏客房"}
        )
        self.assertEqual(
            self._as_zh_user(guest).guest_restriction_banner, "限制入住宾客：损坏客房"
        )

    def test_desk_status(self):
        Stay = self._as_zh_user(self.env["hotel.stay"])
        selection = Stay.fields_get(["desk_status"], ["selection"])["desk_status"]
        self.assertEqual(
            dict(selection["selection"]),
            {
                "arrival": "今日抵店",
                "late_arrival": "应到未到",
                "in_house": "在住",
                "departure": "今日离店",
                "late_departure": "应离未离",
            },
        )

    def test_data_records(self):
        def name(xmlid):
            return self.env.ref(xmlid).with_context(lang="zh_CN").name

        self.assertEqual(name("hotel_crm.preference_category_allergy"), "过敏")
        self.assertEqual(name("hotel_crm.preference_category_bed"), "床品与枕头")
        self.assertEqual(name("hotel_crm.product_hotel_room_night"), "房晚")
        self.assertEqual(name("hotel_crm.product_hotel_other"), "其他酒店服务")
        # English stays English
        self.assertEqual(
            self.env.ref("hotel_crm.product_hotel_room_night")
            .with_context(lang="en_US")
            .name,
            "Room Night",
        )
        if self.env.ref("base.module_hotel_crm").demo:
            self.assertEqual(name("hotel_crm.hotel_room_type_double_demo"), "双人间")

    def test_error_message(self):
        guest = self._hotel_create_guest("Li Lei")
        stay = self.env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "check_in_date": date(2026, 3, 1),
                "check_out_date": date(2026, 3, 3),
            }
        )
        stay.action_cancel()
        with self.assertRaises(UserError) as caught:
            self._as_zh_user(stay).action_check_in()
        self.assertEqual(
            caught.exception.args[0],
            f"住店记录 {stay.name} 的状态为“已取消”：只有已预订的住店记录才能办理入住。",
        )
        # the same refusal in English for an English-speaking clerk
        with self.assertRaises(UserError) as caught:
            stay.with_user(self.user_front_desk).with_context(
                lang="en_US"
            ).action_check_in()
        self.assertEqual(
            caught.exception.args[0],
            f"{stay.name} is Cancelled: only booked stays can be checked in.",
        )


@tagged("post_install", "-at_install")
class TestChineseInstalled(HotelCrmCommon):
    """Installing Chinese the usual way (Settings > Languages, or installing
    hotel_crm where Chinese is already in use: both load the module's terms
    without overwriting) translates the data records, which are `noupdate`."""

    def test_data_records_translated_on_install(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # what module installation and language activation call (through
        # ir.module.module._update_translations), for hotel_crm
        self.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"])
        self.env.invalidate_all()
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(
            zh.ref("hotel_crm.preference_category_dietary").name, "饮食要求"
        )
        self.assertEqual(zh.ref("hotel_crm.product_hotel_minibar").name, "迷你吧")
        self.assertEqual(zh.ref("hotel_crm.hotel_stay_menu_front_desk").name, "前台")
