"""Proof that the bulk load wrote the rows as the ORM writes them.

On a random sample of the generated records of each model the bulk load
writes (guests, stays, charges, invoices and their journal items, payments,
reconciliations, loyalty cards and their history, the desk's chatter), every
stored computed field is computed again through the
ORM and compared with what the load stored; the models' constraints
(``@api.constrains``) run on the sample too. A field the ORM itself does not
give back on the records it wrote (an editable computed field set
explicitly, like a charge's description) is left out: the ORM-written
templates are in the sample too, and a field is compared only where all of
them agree with their recomputation. Any other difference stops the
generation.
"""

import random

from .schema import GenerationError

# model -> table of the generated records
MODELS = {
    "res.partner": "res_partner",
    "hotel.stay": "hotel_stay",
    "hotel.stay.line": "hotel_stay_line",
    "account.move": "account_move",
    "account.move.line": "account_move_line",
    "account.payment": "account_payment",
    "account.partial.reconcile": "account_partial_reconcile",
    "loyalty.card": "loyalty_card",
    "loyalty.history": "loyalty_history",
    "mail.message": "mail_message",
    "mail.tracking.value": "mail_tracking_value",
}


def _normalize(field, value):
    if field.type in ("many2one", "one2many", "many2many"):
        return tuple(sorted(value.ids))
    if field.type in ("float", "monetary"):
        return round(value or 0.0, 6)
    return value


def _stored_computed(model):
    return [
        field
        for field in model._fields.values()
        if field.store
        and field.compute
        and (field.column_type or field.type == "many2many")
    ]


def _values(records, fields):
    return {
        record.id: {
            field.name: _normalize(field, record[field.name]) for field in fields
        }
        for record in records
    }


def check_model(env, model_name, template_ids, sample_ids):
    """Compare stored and recomputed values; returns the fields compared.
    Each field is computed again on its own, from the stored values of all
    the others."""
    model = env[model_name].with_context(active_test=False)
    records = model.browse(sorted(set(template_ids) | set(sample_ids)))
    fields = _stored_computed(model)
    env.flush_all()
    env.invalidate_all()
    stored = _values(records, fields)
    recomputed = {}
    for field in fields:
        env.add_to_compute(field, records)
        for record_id, values in _values(records, [field]).items():
            recomputed.setdefault(record_id, {}).update(values)
        env.clear()  # nothing of the recomputation is written
    compared = [
        field
        for field in fields
        if all(stored[i][field.name] == recomputed[i][field.name] for i in template_ids)
    ]
    for record_id in sample_ids:
        for field in compared:
            before, after = (
                stored[record_id][field.name],
                recomputed[record_id][field.name],
            )
            if before != after:
                raise GenerationError(
                    f"{model_name}({record_id}).{field.name}: the load wrote {before!r}, "
                    f"the ORM computes {after!r}"
                )
    # the models' constraints on the sample
    model.browse(sample_ids)._validate_fields(
        [f for f in model._fields if model._fields[f].store]
    )
    return [field.name for field in compared]


def verify(env, info, sample=200):
    """Check a sample of each model; returns {model: (records, fields)}."""
    rng = random.Random(7)
    cr = env.cr
    summary = {}
    for model_name, table in MODELS.items():
        templates = info["templates"].get(table, [])
        first = info["first_ids"].get(table)
        if first is None:
            continue
        cr.execute(f'SELECT id FROM "{table}" WHERE id >= %s', [first])
        ids = [row[0] for row in cr.fetchall()]
        if not ids:
            continue
        picked = rng.sample(ids, min(sample, len(ids)))
        compared = check_model(env, model_name, templates, picked)
        skipped = sorted(
            {f.name for f in _stored_computed(env[model_name])} - set(compared)
        )
        summary[model_name] = {
            "records": len(picked),
            "fields_compared": len(compared),
            # editable computed fields the templates themselves set otherwise
            "fields_set_explicitly": skipped,
        }
    return summary
