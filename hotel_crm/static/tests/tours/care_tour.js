/** @odoo-module */
/*
 * A Hotel Manager and the guests slipping away: the file of a lapsed guest at
 * high churn risk, the guests the data retention would anonymize before it is
 * switched on, and the guest value by segment. Run by
 * hotel_crm/tests/test_tours.py, which creates the guests and their stays and
 * runs the daily retention pass first.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const CARE = {
    lapsed: "Tina Tourcare",
    inactive: "Olaf Tourold",
};

registry.category("web_tour.tours").add("hotel_crm_care", {
    url: "/odoo",
    steps: () => [
        ...steps.openGuestFile(CARE.lapsed),
        ...steps.expectRetention("danger", true),
        ...steps.previewDataRetention([CARE.inactive], [CARE.lapsed]),
        ...steps.openAnalysis("hotel_crm.hotel_guest_retention_menu_value"),
        ...steps.openAnalysis("hotel_crm.hotel_stay_report_menu"),
    ],
});
