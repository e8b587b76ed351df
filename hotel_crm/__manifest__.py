{
    "name": "Hotel CRM",
    "summary": "Guest files, stays, membership and complaint handling for hotels",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/hotel-crm/hotel_crm",
    "author": "hotel_crm contributors",
    "license": "LGPL-3",
    "depends": ["contacts", "mail", "account"],
    "data": [
        "security/hotel_crm_groups.xml",
        "data/ir_sequence_data.xml",
        "views/res_partner_views.xml",
        "views/hotel_crm_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "installable": True,
    "application": True,
}
