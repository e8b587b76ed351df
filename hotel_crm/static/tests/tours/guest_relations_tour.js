/** @odoo-module */
/*
 * Guest relations: open a guest file from Guests, read its banners (the
 * allergy with its note, VIP, do not disclose), record a preference. Run by
 * hotel_crm/tests/test_tours.py.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const GUEST_RELATIONS = {
    guest: "Valentina Tourguest",
    allergy: "Shellfish",
    allergyNote: "Even traces: cook in a separate pan",
    vipNote: "Honeymoon: flowers in the room",
    category: "Pillow Menu",
    preference: "Buckwheat pillow",
};

registry.category("web_tour.tours").add("hotel_crm_guest_relations", {
    url: "/odoo",
    steps: () => {
        const data = GUEST_RELATIONS;
        return [
            ...steps.openGuestFile(data.guest),
            ...steps.expectGuestBanners({
                // the allergy with its note
                guest_allergy_alert: [data.allergy, data.allergyNote],
                guest_vip_alert: data.vipNote,
                guest_do_not_disclose_alert: "",
            }),
            ...steps.addPreference(data.category, data.preference),
            ...steps.saveForm(),
        ];
    },
});
