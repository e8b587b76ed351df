/** @odoo-module */
/*
 * A day at the front desk, as a front-desk user who may also invoice: the
 * arrival of a guest with a severe allergy, a minibar charge, an early
 * departure and the bill. Run by hotel_crm/tests/test_tours.py, which creates
 * the guest, the stay and the users, and checks the results afterwards.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const FRONT_DESK_DAY = {
    guest: "Gwendolyn Tourguest",
    allergy: "Peanuts: anaphylaxis, carries an EpiPen",
    chargeCode: "HOTEL-MINIBAR",
    chargeQuantity: 2,
    chargePrice: "12.50",
};

function frontDeskDaySteps(locale) {
    const day = FRONT_DESK_DAY;
    return [
        ...steps.expectUserLanguage(locale),
        ...steps.openFrontDesk(),
        ...steps.openStayOf(day.guest),
        ...steps.checkIn(),
        ...steps.expectAllergyAlert(day.guest, day.allergy),
        ...steps.expectStayState("checked_in"),
        ...steps.addCharge(day.chargeCode, day.chargeQuantity, day.chargePrice),
        ...steps.saveForm(),
        ...steps.checkOutAfterOneNight(),
        // TEMPORARY until the settle-the-bill flow at check-out lands
        ...steps.settleTheBill(),
    ];
}

// the same steps for a user in English and one in Chinese (zh_CN)
registry.category("web_tour.tours").add("hotel_crm_front_desk_day", {
    url: "/odoo",
    steps: () => frontDeskDaySteps("en-US"),
});
registry.category("web_tour.tours").add("hotel_crm_front_desk_day_zh", {
    url: "/odoo",
    steps: () => frontDeskDaySteps("zh-CN"),
});
