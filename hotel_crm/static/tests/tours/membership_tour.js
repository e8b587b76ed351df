/** @odoo-module */
/*
 * A Hotel Manager and a guest's membership: open the guest file, read what
 * the guest earned in the qualification window and what the next level
 * needs, then give the guest a level by hand (a status match) and lock it.
 * Run by hotel_crm/tests/test_tours.py, which creates the guest and its
 * stays and checks the level and its history afterwards.
 */
import { registry } from "@web/core/registry";
import * as steps from "@hotel_crm/../tests/tours/hotel_crm_tour_steps";

// the data hotel_crm/tests/test_tours.py prepares
export const MEMBERSHIP = {
    guest: "Marcel Tourmember",
    nights: "12",
    level: "Silver",
    newLevel: "Gold",
    lockReason: "Status match from another chain",
};

registry.category("web_tour.tours").add("hotel_crm_membership", {
    url: "/odoo",
    steps: () => {
        const data = MEMBERSHIP;
        return [
            ...steps.openGuestFile(data.guest),
            ...steps.expectMembership({
                guest_level_id: data.level,
                guest_qualifying_nights: data.nights,
                guest_next_level_hint: data.newLevel,
            }),
            ...steps.changeLevel(data.newLevel, data.lockReason),
        ];
    },
});
