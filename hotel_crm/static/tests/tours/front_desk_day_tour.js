/** @odoo-module */
/*
 * A day at the front desk, as a front-desk user who may also invoice: a guest
 * with a severe allergy arrives, takes from the minibar and leaves on the same
 * day, earlier than booked; the check-out moves the departure to today and
 * goes on to the bill, paid in cash at the desk. Then a guest booked from
 * tomorrow arrives a day early. Run by hotel_crm/tests/test_tours.py, which
 * creates the guests, the stays, the cash journal and the users, and checks
 * the results afterwards.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const FRONT_DESK_DAY = {
    guest: "Gwendolyn Tourguest",
    allergy: "Peanuts",
    allergyNote: "Anaphylaxis: carries an EpiPen",
    bookedNights: 3,
    chargeCode: "HOTEL-MINIBAR",
    chargeQuantity: 2,
    chargePrice: "12.50",
    // one night (120.00) and the minibar (25.00), with 15% tax
    billTotal: "166.75",
    cashJournal: "Front Desk Cash",
    earlyGuest: "Edmund Earlybird",
    earlyBookedNights: 2,
};

function frontDeskDaySteps(locale) {
    const day = FRONT_DESK_DAY;
    return [
        ...steps.expectUserLanguage(locale),
        // the arrival: the board, the card, the check-in and its allergy alert
        ...steps.openFrontDesk(),
        ...steps.expectArrivalCard(day.guest, day.allergy),
        ...steps.openStayOf(day.guest),
        ...steps.checkIn(),
        ...steps.expectAllergyAlert(day.guest, day.allergy, day.allergyNote),
        ...steps.expectStayState("checked_in"),
        // the minibar
        ...steps.addCharge(day.chargeCode, day.chargeQuantity, day.chargePrice),
        ...steps.saveForm(),
        // the guest leaves today: one night instead of three, then the bill
        ...steps.checkOutEarly(day.guest, day.bookedNights, 1),
        ...steps.payTheBill(day.cashJournal, day.billTotal),
        ...steps.expectPaid(),
        // a guest booked from tomorrow arrives today
        ...steps.openFrontDesk(),
        ...steps.expectNotOnBoard(day.earlyGuest),
        ...steps.showAllDeskStays(),
        ...steps.openStayOf(day.earlyGuest),
        ...steps.checkInEarly(day.earlyGuest, day.earlyBookedNights, day.earlyBookedNights + 1),
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
