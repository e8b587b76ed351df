/** @odoo-module */
/*
 * Guest Relations and a guest's complaint: record it (guest, category,
 * severity, what the guest says), acknowledge it, start handling it, give
 * loyalty points within the user's own limit, write the resolution and
 * resolve it. Run by hotel_crm/tests/test_tours.py, which creates the guest
 * and the category and checks the complaint, its dates and the points
 * afterwards.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const COMPLAINT = {
    guest: "Clara Tourcomplaint",
    category: "Tour Noise",
    severity: "high",
    description: "Loud music next door until 2 am",
    points: "1000",
    resolution: "Moved the guest to a quiet room and apologized",
};

registry.category("web_tour.tours").add("hotel_crm_complaint", {
    url: "/odoo",
    steps: () => {
        const data = COMPLAINT;
        return [
            ...steps.recordComplaint(data.guest, data.category, data.severity, data.description),
            ...steps.clickHeaderButton("action_acknowledge"),
            ...steps.expectComplaintState("acknowledged"),
            ...steps.clickHeaderButton("action_start"),
            ...steps.expectComplaintState("in_progress"),
            ...steps.applyCompensation("points", "points", data.points),
            ...steps.writeResolution(data.resolution),
            ...steps.clickHeaderButton("action_resolve"),
            ...steps.expectComplaintState("resolved"),
        ];
    },
});
