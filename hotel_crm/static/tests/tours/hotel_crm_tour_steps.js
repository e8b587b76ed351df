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

/**
 * Hotel CRM > Stays > Front Desk: the board of today's arrivals and the guests
 * in house (its default filters), in the desk's own kanban view.
 */
export function openFrontDesk() {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_stays", "hotel_crm.hotel_stay_menu_front_desk"),
        {
            // one facet: Arrivals or In House
            content: "The Front Desk board opens with its two default filters",
            trigger: ".o_searchview:not(:has(.o_searchview_facet ~ .o_searchview_facet)) .o_searchview_facet:has(.o_facet_value ~ .o_facet_value) .o_facet_remove",
        },
        {
            content: "The board is loaded",
            trigger: ".o_kanban_view .o_kanban_renderer",
        },
    ];
}

/** The Front Desk board without its default filters: the future bookings too. */
export function showAllDeskStays() {
    return [
        {
            content: "Remove the default filters of the board",
            trigger: ".o_searchview .o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "No filter is left",
            trigger: ".o_searchview:not(:has(.o_searchview_facet))",
        },
    ];
}

function kanbanCard(guestName) {
    return `.o_kanban_view .o_kanban_record:contains("${guestName}")`;
}

/** A guest who is not on the board as it is filtered now. */
export function expectNotOnBoard(guestName) {
    return [
        {
            content: `${guestName} is not on the board`,
            trigger: `.o_kanban_view .o_kanban_renderer:not(:has(.o_kanban_record:contains("${guestName}")))`,
        },
    ];
}

/**
 * The card of a guest arriving today on the Front Desk board: the badge of
 * today's arrivals and the guest's allergies.
 */
export function expectArrivalCard(guestName, allergy) {
    const card = kanbanCard(guestName);
    return [
        {
            content: `The card of ${guestName} says the guest arrives today`,
            trigger: `${card} .badge.text-bg-primary`,
        },
        {
            content: `The card of ${guestName} carries the allergy`,
            // a kanban card shows a field without widget as a plain span
            trigger: `${card} .text-danger:has(.fa-exclamation-triangle):contains("${allergy}")`,
        },
    ];
}

/** Open the stay of a guest from a kanban board (Front Desk). */
export function openStayOf(guestName) {
    return [
        {
            content: `Open the stay of ${guestName}`,
            trigger: kanbanCard(guestName),
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
            trigger: `body:not(:has(.modal)) ${form} .o_statusbar_status button.o_arrow_button_current[data-value="${state}"]`,
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

/** Check In a stay whose arrival date is today: no confirmation. */
export function checkIn() {
    return [...expectStayState("booked"), ...clickHeaderButton("action_check_in")];
}

/** The exact text of an element (the trigger waits for it, run checks it). */
function expectExactText(content, selector, text) {
    return {
        content,
        trigger: selector,
        run() {
            const actual = this.anchor.textContent.trim();
            if (actual !== String(text)) {
                throw new Error(`${content}: "${actual}" instead of "${text}"`);
            }
        },
    };
}

/**
 * The confirmation of a check-in or check-out on another day than booked
 * (hotel.stay.date.wizard): the guest's line with the nights booked and the
 * nights now, then the confirmation that moves the date to today.
 */
export function confirmOtherDay(guestName, bookedNights, newNights) {
    const row = `.modal .o_form_view .o_field_widget[name=line_ids] .o_data_row:contains("${guestName}")`;
    return [
        expectExactText(`Nights booked: ${bookedNights}`, `${row} td[name=booked_nights]`, bookedNights),
        expectExactText(`Nights now: ${newNights}`, `${row} td[name=new_nights]`, newNights),
        {
            content: "Confirm: the date moves to today",
            trigger: ".modal .modal-footer button[name=action_confirm]:enabled",
            run: "click",
        },
    ];
}

/**
 * A guest booked from tomorrow arrives today: Check In asks for the
 * confirmation of the new check-in date, then the guest is in house.
 */
export function checkInEarly(guestName, bookedNights, newNights) {
    return [
        ...expectStayState("booked"),
        ...clickHeaderButton("action_check_in"),
        ...confirmOtherDay(guestName, bookedNights, newNights),
        ...expectStayState("checked_in"),
        expectExactText(
            "The stay now lasts the nights from today",
            `${form} .o_field_widget[name=nights]`,
            newNights
        ),
    ];
}

/**
 * After the check-in of a guest with allergies: the red notification names the
 * guest and the allergies; it is closed once read. The banner of the form
 * keeps showing the allergies with their notes.
 */
export function expectAllergyAlert(guestName, allergy, note) {
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
            content: "The allergy banner stays on the form, with the allergy's note",
            trigger: `${form} .alert-danger[name=guest_allergy_alert] .o_field_widget[name=guest_allergy_detail]:contains("${allergy}"):contains("${note}")`,
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
 * The guest leaves on the day of arrival, earlier than booked: Check Out asks
 * for the confirmation of the new check-out date (one night is billed), then
 * goes on to the bill.
 */
export function checkOutEarly(guestName, bookedNights, newNights) {
    return [
        ...expectStayState("checked_in"),
        ...clickHeaderButton("action_check_out"),
        ...confirmOtherDay(guestName, bookedNights, newNights),
    ];
}

/**
 * Odoo's payment dialog (account.payment.register) opened by the check-out:
 * the amount of the bill, paid in the journal the test named.
 */
export function payTheBill(journalName, amount) {
    const dialog = ".modal:has(.modal-footer button[name=action_create_payments])";
    return [
        {
            content: "The payment dialog opens with the amount of the bill",
            trigger: `${dialog} .o_field_widget[name=amount] input:value("${amount}")`,
        },
        {
            content: `Look the journal ${journalName} up`,
            trigger: `${dialog} .o_field_widget[name=journal_id] input`,
            run: `edit ${journalName}`,
        },
        {
            content: `Choose ${journalName}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) .ui-menu-item-wrapper:contains("${journalName}")`,
            run: "click",
        },
        {
            content: `${journalName} is chosen`,
            trigger: `${dialog} .o_field_widget[name=journal_id] input:value("${journalName}")`,
        },
        {
            content: "Create the payment",
            trigger: `${dialog} .modal-footer button[name=action_create_payments]:enabled`,
            run: "click",
        },
    ];
}

/** Back on the stay after the payment: checked out, with the Paid ribbon. */
export function expectPaid() {
    return [
        ...expectStayState("checked_out"),
        {
            content: "The stay shows the Paid ribbon",
            trigger: `body:not(:has(.modal)) ${form} .ribbon .text-bg-success`,
        },
        {
            content: "and no other ribbon (To Invoice, Not Paid, Partially Paid)",
            trigger: `${form}:not(:has(.ribbon .text-bg-info, .ribbon .text-bg-warning))`,
        },
    ];
}

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

/**
 * The banners of a guest file (by their name attribute) and what they say:
 * a text, several texts, or nothing to check but the banner.
 */
export function expectGuestBanners(banners) {
    return Object.entries(banners).map(([name, texts]) => ({
        content: `The banner ${name} is shown`,
        trigger: [`${form} .alert[name=${name}]`]
            .concat([texts || []].flat().map((text) => `:contains("${text}")`))
            .join(""),
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

/** The Membership group of the guest file (Hotel tab) shows these figures. */
export function expectMembership(figures) {
    return [
        {
            content: "Open the Hotel tab",
            trigger: `${form} .o_notebook_headers a[name=hotel]`,
            run: "click",
        },
        ...Object.entries(figures).map(([name, text]) => ({
            content: `The membership shows ${name}: ${text}`,
            trigger: `${form} .o_field_widget[name=${name}]:contains("${text}")`,
        })),
    ];
}

/** A Hotel Manager sets the guest's level by hand and locks it. */
export function changeLevel(levelName, lockReason) {
    const dialog = ".modal:has(.modal-footer button[name=action_apply])";
    return [
        {
            content: "Change Level",
            trigger: `${form} button.o_hotel_change_level`,
            run: "click",
        },
        {
            content: `New level ${levelName}`,
            trigger: `${dialog} .o_field_widget[name=level_id] input`,
            run: `edit ${levelName}`,
        },
        {
            content: `Choose ${levelName}`,
            trigger: `.o-autocomplete--dropdown-menu .ui-menu-item-wrapper:contains("${levelName}")`,
            run: "click",
        },
        {
            content: "Lock the level",
            trigger: `${dialog} .o_field_widget[name=locked] input`,
            run: "click",
        },
        {
            content: "The reason of the lock",
            trigger: `${dialog} .o_field_widget[name=lock_reason] input`,
            run: `edit ${lockReason}`,
        },
        {
            content: "Apply",
            trigger: `${dialog} .modal-footer button[name=action_apply]`,
            run: "click",
        },
        {
            content: "The guest file shows the new level",
            trigger: `body:not(:has(.modal)) ${form} .o_field_widget[name=guest_level_id]:contains("${levelName}")`,
        },
    ];
}

/** Pick a value of a many2one field of the form by typing part of it. */
function pickMany2one(fname, text) {
    return [
        {
            content: `${fname}: ${text}`,
            trigger: `${form} .o_field_widget[name=${fname}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) .ui-menu-item-wrapper:contains("${text}")`,
            run: "click",
        },
    ];
}

/** Wait until the complaint's status bar shows a state (new, acknowledged...). */
export function expectComplaintState(state) {
    return [
        {
            content: `The complaint is ${state}`,
            trigger: `body:not(:has(.modal)) ${form} .o_statusbar_status button.o_arrow_button_current[data-value="${state}"]`,
        },
    ];
}

/**
 * Hotel CRM > Complaints > Complaints, New: the guest, the category, the
 * severity (a key: low, medium, high, critical) and what the guest says;
 * then saved.
 */
export function recordComplaint(guestName, categoryName, severity, description) {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_complaints", "hotel_crm.hotel_complaint_menu"),
        {
            content: "New complaint",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        ...pickMany2one("partner_id", guestName),
        ...pickMany2one("category_id", categoryName),
        {
            content: `Severity ${severity}`,
            trigger: `${form} .o_field_widget[name=severity] select`,
            run: `select "${severity}"`,
        },
        {
            content: "What the guest says",
            trigger: `${form} .o_field_widget[name=description] textarea`,
            run: `edit ${description}`,
        },
        ...saveForm(),
        ...expectComplaintState("new"),
    ];
}

/**
 * On the Compensation tab: a line of a type (a key: points, discount...)
 * with its points or amount, saved, then Apply on the line; the line shows
 * as applied (its badge turns green).
 */
export function applyCompensation(kind, fname, value) {
    const field = `${form} .o_field_widget[name=compensation_ids]`;
    const row = `${field} .o_data_row.o_selected_row`;
    return [
        {
            content: "Open the Compensation tab",
            trigger: `${form} .o_notebook_headers a[name=compensation]`,
            run: "click",
        },
        {
            content: "Add a compensation",
            trigger: `${field} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Type ${kind}`,
            trigger: `${row} .o_field_widget[name=compensation_type] select`,
            run: `select "${kind}"`,
        },
        {
            content: `${fname}: ${value}`,
            trigger: `${row} .o_field_widget[name=${fname}] input`,
            run: `edit ${value}`,
        },
        ...saveForm(),
        {
            content: "Apply the compensation",
            trigger: `${field} .o_data_row button[name=action_apply]`,
            run: "click",
        },
        {
            content: "The compensation is applied",
            trigger: `${field} .o_data_row .o_field_widget[name=state] .text-bg-success`,
        },
    ];
}

/** On the Investigation tab: founded, the resolution; saved. */
export function writeResolution(resolution) {
    return [
        {
            content: "Open the Investigation tab",
            trigger: `${form} .o_notebook_headers a[name=investigation]`,
            run: "click",
        },
        {
            content: "The complaint is founded",
            trigger: `${form} .o_field_widget[name=is_founded] input`,
            run: "click",
        },
        {
            content: "The resolution",
            trigger: `${form} .o_field_widget[name=resolution] textarea`,
            run: `edit ${resolution}`,
        },
        ...saveForm(),
    ];
}

/**
 * The Retention group of the guest file (Hotel tab): the churn risk's badge
 * in the colour of its level ("danger" for high) and whether the guest is
 * lapsed.
 */
export function expectRetention(riskColour, lapsed) {
    return [
        {
            content: "Open the Hotel tab",
            trigger: `${form} .o_notebook_headers a[name=hotel]`,
            run: "click",
        },
        {
            content: `The churn risk is shown in ${riskColour}`,
            trigger: `${form} .o_field_widget[name=guest_churn_risk] .text-bg-${riskColour}`,
        },
        {
            content: lapsed ? "The guest is lapsed" : "The guest is not lapsed",
            trigger: `${form} .o_field_widget[name=guest_is_lapsed] input${lapsed ? ":checked" : ":not(:checked)"}`,
        },
    ];
}

/**
 * Hotel CRM > Configuration > Settings: the list of the guests the data
 * retention would anonymize, before it is switched on; ``listed`` are in it,
 * ``notListed`` are not.
 */
export function previewDataRetention(listed, notListed) {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_configuration", "hotel_crm.hotel_crm_menu_settings"),
        {
            content: "Show the guests the data retention would anonymize",
            trigger: ".modal button[name=action_hotel_retention_preview], .o_form_view button[name=action_hotel_retention_preview]",
            run: "click",
        },
        ...listed.map((name) => ({
            content: `${name} is listed`,
            trigger: `.o_list_view .o_data_row:contains("${name}")`,
        })),
        {
            content: `${notListed.join(", ")} not listed`,
            trigger: ".o_list_view .o_data_row",
            run() {
                const rows = [...document.querySelectorAll(".o_list_view .o_data_row")];
                for (const name of notListed) {
                    if (rows.some((row) => row.textContent.includes(name))) {
                        throw new Error(`${name} would be anonymized`);
                    }
                }
            },
        },
    ];
}

/** Open an analysis of the Reporting menu in its pivot view. */
export function openAnalysis(itemXmlid) {
    return [
        ...openHotelMenu("hotel_crm.hotel_crm_menu_reporting", itemXmlid),
        {
            content: "The analysis opens in its pivot",
            trigger: ".o_pivot .o_pivot_cell_value",
        },
    ];
}
