/** @odoo-module */
/*
 * Building blocks of the Hotel CRM tours, one function per thing a user does.
 *
 * Every trigger names menus by their XML id, fields by [name=...], buttons by
 * their method and the rest by Odoo's CSS classes, never by a label: the same
 * steps run for a user in English and one in Chinese, with or without the
 * module's translations. What the steps type and look for is data the Python
 * test created (guest names, allergies, categories) or product codes.
 *
 * When a screen changes, adapt the function that drives it here; the tours
 * in the other files only chain these functions.
 */
import { queryOne } from "@odoo/hoot-dom";
import { formatDate, parseDate } from "@web/core/l10n/dates";
import { user } from "@web/core/user";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const form = ".o_form_view";

/** The web client runs in the user's language ("en-US", "zh-CN", ...). */
export function expectUserLanguage(locale) {
    return [
        {
            content: `The web client speaks ${locale}`,
            trigger: ".o_main_navbar",
            run() {
                if (user.lang !== locale) {
                    throw new Error(`The web client speaks ${user.lang}, not ${locale}`);
                }
            },
        },
    ];
}

/** Open a menu item of the Hotel CRM app from the home menu. */
export function openHotelMenu(sectionXmlid, itemXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Hotel CRM app",
            trigger: '.o_app[data-menu-xmlid="hotel_crm.hotel_crm_menu_root"]',
            run: "click",
        },
        {
            content: `Open the menu ${sectionXmlid}`,
            trigger: `.o_main_navbar .dropdown-toggle[data-menu-xmlid="${sectionXmlid}"]`,
            run: "click",
        },
        {
            content: `Open ${itemXmlid}`,
            trigger: `.dropdown-item[data-menu-xmlid="${itemXmlid}"]`,
            run: "click",
        },
    ];
}

/** Hotel CRM > Stays > Front Desk: the arrivals and in-house guests board. */
export function openFrontDesk() {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_stays", "hotel_crm.hotel_stay_menu_front_desk"),
        {
            content: "The Front Desk board shows the stays",
            trigger: ".o_kanban_view .o_kanban_record",
        },
    ];
}

/** Open the stay of a guest from a kanban board (Front Desk). */
export function openStayOf(guestName) {
    return [
        {
            content: `Open the stay of ${guestName}`,
            trigger: `.o_kanban_record:contains("${guestName}")`,
            run: "click",
        },
        {
            content: "The stay form shows the guest",
            trigger: `${form} .o_field_widget[name=partner_id] input:value("${guestName}")`,
        },
    ];
}

/** Wait until the stay's status bar shows a state (booked, checked_in, ...). */
export function expectStayState(state) {
    return [
        {
            content: `The stay is ${state}`,
            trigger: `${form} .o_statusbar_status button.o_arrow_button_current[data-value="${state}"]`,
        },
    ];
}

/** Click a button of the form's header by the method it calls. */
export function clickHeaderButton(method) {
    return [
        {
            content: `Click ${method}`,
            trigger: `${form} .o_statusbar_buttons button[name="${method}"]:enabled`,
            run: "click",
        },
    ];
}

export function checkIn() {
    return [...expectStayState("booked"), ...clickHeaderButton("action_check_in")];
}

/**
 * After the check-in of a guest with allergies: the red notification names the
 * guest and the allergies; it is closed once read. The banner of the form
 * keeps showing the allergies.
 */
export function expectAllergyAlert(guestName, allergy) {
    const notification = `.o_notification:has(.o_notification_bar.bg-danger):has(.o_notification_content:contains("${allergy}"))`;
    return [
        {
            content: "The allergy alert pops up, with the guest's name",
            trigger: `${notification} .o_notification_content:contains("${guestName}")`,
        },
        {
            content: "Close the allergy alert",
            trigger: `${notification} .o_notification_close`,
            run: "click",
        },
        {
            content: "The allergy banner stays on the form",
            trigger: `${form} .alert-danger .o_field_widget[name=guest_allergy_summary]:contains("${allergy}")`,
        },
    ];
}

/** Add a charge in the Charges tab of a stay: a product by its code. */
export function addCharge(productCode, quantity, priceUnit) {
    const row = `${form} .o_field_widget[name=line_ids] .o_data_row.o_selected_row`;
    return [
        {
            content: "Open the Charges tab",
            trigger: `${form} .o_notebook_headers a[name=charges]`,
            run: "click",
        },
        {
            content: "Add a charge",
            trigger: `${form} .o_field_widget[name=line_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Look the service ${productCode} up`,
            trigger: `${row} .o_field_widget[name=product_id] input`,
            run: `edit ${productCode}`,
        },
        {
            content: `Choose ${productCode}`,
            trigger: `.o-autocomplete--dropdown-menu .ui-menu-item-wrapper:contains("${productCode}")`,
            run: "click",
        },
        {
            content: "Quantity",
            trigger: `${row} .o_field_widget[name=quantity] input`,
            run: `edit ${quantity}`,
        },
        {
            content: "Unit price",
            trigger: `${row} .o_field_widget[name=price_unit] input`,
            run: `edit ${priceUnit}`,
        },
    ];
}

export function saveForm() {
    return stepUtils.saveForm();
}

/**
 * The guest leaves earlier than booked: the check-out date becomes the day
 * after the check-in (typed in the user's own date format), then Check Out.
 */
export function checkOutAfterOneNight() {
    return [
        ...expectStayState("checked_in"),
        {
            content: "Set the check-out date to the day after the check-in",
            trigger: `${form} .o_field_widget[name=check_out_date] input`,
            async run(helpers) {
                const checkIn = parseDate(
                    queryOne(`${form} .o_field_widget[name=check_in_date] input`).value
                );
                await helpers.edit(formatDate(checkIn.plus({ days: 1 })));
                await helpers.press("Enter");
            },
        },
        {
            content: "One night",
            trigger: `${form} .o_field_widget[name=nights]:contains("1")`,
        },
        ...clickHeaderButton("action_check_out"),
        ...expectStayState("checked_out"),
    ];
}

/*
 * ---------------------------------------------------------------------------
 * TEMPORARY: settling the bill with the buttons of Odoo 18.0 Invoicing.
 * The settle-the-bill flow at check-out replaces these steps: create the
 * invoice from the stay, confirm it, register the payment.
 * ---------------------------------------------------------------------------
 */
export function settleTheBill() {
    return [
        ...clickHeaderButton("action_create_invoices"),
        {
            content: "The draft invoice of the stay opens",
            trigger: `${form} .o_statusbar_status button.o_arrow_button_current[data-value="draft"]`,
        },
        ...clickHeaderButton("action_post"),
        {
            content: "The invoice is posted",
            trigger: `${form} .o_statusbar_status button.o_arrow_button_current[data-value="posted"]`,
        },
        ...clickHeaderButton("action_register_payment"),
        {
            content: "Register the payment",
            trigger: ".modal .modal-footer button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The invoice shows its payment",
            trigger: `body:not(:has(.modal)) ${form} .ribbon`,
        },
    ];
}
/* ------------------------------- end TEMPORARY ----------------------------- */

/** Hotel CRM > Guests > Guests, then the guest's file. */
export function openGuestFile(guestName) {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_guests", "hotel_crm.res_partner_menu_hotel_guest"),
        {
            content: `Open the file of ${guestName}`,
            trigger: `.o_kanban_record:contains("${guestName}")`,
            run: "click",
        },
        {
            content: "The guest file opens",
            trigger: `${form} .o_field_widget[name=name] input:value("${guestName}")`,
        },
    ];
}

/** The banners of a guest file (by their name attribute) and what they say. */
export function expectGuestBanners(banners) {
    return Object.entries(banners).map(([name, text]) => ({
        content: `The banner ${name} is shown`,
        trigger: text
            ? `${form} .alert[name=${name}]:contains("${text}")`
            : `${form} .alert[name=${name}]`,
    }));
}

/** Add a preference on the Hotel tab of a guest file. */
export function addPreference(categoryName, preference) {
    const row = `${form} .o_field_widget[name=guest_preference_ids] .o_data_row.o_selected_row`;
    return [
        {
            content: "Open the Hotel tab",
            trigger: `${form} .o_notebook_headers a[name=hotel]`,
            run: "click",
        },
        {
            content: "Add a preference",
            trigger: `${form} .o_field_widget[name=guest_preference_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Category ${categoryName}`,
            trigger: `${row} .o_field_widget[name=category_id] input`,
            run: `edit ${categoryName}`,
        },
        {
            content: `Choose ${categoryName}`,
            trigger: `.o-autocomplete--dropdown-menu .ui-menu-item-wrapper:contains("${categoryName}")`,
            run: "click",
        },
        {
            content: "The preference",
            trigger: `${row} .o_field_widget[name=name] input`,
            run: `edit ${preference}`,
        },
    ];
}
