import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

# What PostgreSQL stores in an integer column, and an amount no hotel bill reaches.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
AMOUNT_MAX = 1e12


class HotelGuardMixin(models.AbstractModel):
    """One guard for every way a client writes a hotel record: ``create``,
    ``write`` and ``load`` (which calls them).

    - Fields that only the module's code writes (``_hotel_protected_fields``,
      plus every computed or related field of the module without an inverse)
      are refused to clients; the code writes them in superuser mode.
    - Values are checked before anything is written: wrong types, NaN,
      infinite or out-of-range numbers and texts longer than their ``size``
      get a clear, translated message instead of a database error.
    """

    _name = "hotel.guard.mixin"
    _description = "Hotel CRM: write guard"

    # fields set by the module's own actions only
    _hotel_protected_fields = ()
    # on a core model: the prefixes of the module's fields (all fields otherwise)
    _hotel_field_prefixes = ()

    def _hotel_own_field(self, fname):
        return not self._hotel_field_prefixes or fname.startswith(
            self._hotel_field_prefixes
        )

    @api.model
    def _hotel_protected_fnames(self):
        protected = set(self._hotel_protected_fields)
        for fname, field in self._fields.items():
            if not self._hotel_own_field(fname):
                continue
            if (field.compute or field.related) and field.readonly:
                protected.add(fname)
        return protected

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            protected = self._hotel_protected_fnames()
            # a client's context cannot give them a default either
            forged = {
                key
                for key in self.env.context
                if key.startswith("default_") and key[8:] in protected
            }
            if forged:
                context = {k: v for k, v in self.env.context.items() if k not in forged}
                self = self.with_env(self.env(context=context))
            for vals in vals_list:
                given = [
                    f
                    for f in sorted(protected & vals.keys())
                    if vals[f] and not self._hotel_is_default(f, vals[f])
                ]
                if given:
                    self._hotel_raise_protected(given)
        for vals in vals_list:
            self._hotel_check_values(vals)
        return super().create(vals_list)

    @api.model
    def _hotel_vals_with_defaults(self, vals, fnames):
        """``vals`` as the record will be created, for ``fnames``: with the
        values a client may slip in through ``default_*`` context keys, so
        that the rules on these fields see them too."""
        context = self.env.context
        given = {
            fname: context[f"default_{fname}"]
            for fname in fnames
            if fname not in vals and f"default_{fname}" in context
        }
        return {**vals, **given} if given else vals

    def _hotel_is_default(self, fname, value):
        """Whether ``value`` is the field's own default (a client sends back
        the defaults of a new record's form)."""
        field = self._fields[fname]
        if not field.default:
            return False
        try:
            return field.convert_to_cache(value, self) == field.convert_to_cache(
                field.default(self), self
            )
        except (ValueError, TypeError):
            return False

    def write(self, vals):
        if not self.env.su:
            protected = self._hotel_protected_fnames() & vals.keys()
            changed = [f for f in sorted(protected) if self._hotel_changes(f, vals[f])]
            if changed:
                self._hotel_raise_protected(changed)
        self._hotel_check_values(vals)
        return super().write(vals)

    def _hotel_changes(self, fname, value):
        """Whether writing ``value`` into ``fname`` changes one record of ``self``."""
        field = self._fields[fname]
        try:
            new = field.convert_to_record(field.convert_to_cache(value, self), self)
        except (ValueError, TypeError):
            return True
        return any(record[fname] != new for record in self.sudo())

    def export_data(self, fields_to_export):
        """Export reads computed fields without their access groups: check
        each field of each exported path as a read would."""
        if not self.env.su:
            for path in fields_to_export:
                model = self
                for fname in path.split("/"):
                    if fname in ("id", ".id") or fname not in model._fields:
                        break
                    model.check_field_access_rights("read", [fname])
                    field = model._fields[fname]
                    if not field.relational:
                        break
                    model = self.env[field.comodel_name]
        return super().export_data(fields_to_export)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A search on a field reads it: the module's fields keep their access
        groups in domains too (searches on one2many and computed fields do
        not check them by themselves)."""
        if not self.env.su and domain:
            fnames = {
                leaf[0].split(".")[0]
                for leaf in domain
                if isinstance(leaf, (list, tuple)) and isinstance(leaf[0], str)
            }
            own = [
                f
                for f in fnames
                if f in self._fields
                and self._hotel_own_field(f)
                and self._fields[f].groups
            ]
            if own:
                self.check_field_access_rights("read", own)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _hotel_check_read(self, fname):
        """A non-stored field is computed on any path that reads it, also
        those that do not check its groups (an export starting on another
        model): its compute checks them."""
        if not self.env.su:
            self.check_field_access_rights("read", [fname])

    def _hotel_raise_protected(self, fnames):
        labels = ", ".join(
            self._fields[f]._description_string(self.env) for f in fnames
        )
        raise UserError(
            self.env._(
                "These fields are set by Hotel CRM itself and cannot be written "
                "directly: %(fields)s.",
                fields=labels,
            )
        )

    def _hotel_check_values(self, vals):
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None or not self._hotel_own_field(fname):
                continue
            if value is False or value is None:
                continue
            if field.type in ("char", "text", "html") and (
                not isinstance(value, str) or "\x00" in value
            ):
                self._hotel_raise_value(field, value)
            if field.type == "many2one" and not (
                isinstance(value, models.BaseModel)
                or (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and 0 < value <= INT_MAX
                )
            ):
                self._hotel_raise_value(field, value)
            if field.type in ("one2many", "many2many") and not (
                isinstance(value, (list, tuple))
                and all(
                    (isinstance(command, int) and not isinstance(command, bool))
                    or (
                        isinstance(command, (list, tuple))
                        and command
                        and command[0] in (0, 1, 2, 3, 4, 5, 6)
                        and (command[0] not in (0, 1) or isinstance(command[-1], dict))
                    )
                    for command in value
                )
            ):
                self._hotel_raise_value(field, value)
            if field.type == "char" and field.size and len(value) > field.size:
                raise ValidationError(
                    self.env._(
                        "%(field)s is limited to %(size)s characters.",
                        field=field._description_string(self.env),
                        size=field.size,
                    )
                )
            if field.type in (
                "boolean",
                "integer",
                "float",
                "monetary",
                "date",
                "datetime",
                "selection",
            ):
                try:
                    # a quantity or price is checked as a number; its rounding
                    # to the field's digits is the ORM's (a precision looked
                    # up per value, a thousand times for a day's room charges)
                    converted = (
                        float(value or 0.0)
                        if field.type == "float"
                        else field.convert_to_cache(value, self)
                    )
                except (ValueError, TypeError, OverflowError):
                    self._hotel_raise_value(field, value)
                if field.type == "selection" and converted not in field.get_values(
                    self.env
                ):
                    self._hotel_raise_value(field, value)
                if field.type == "integer" and not (INT_MIN <= converted <= INT_MAX):
                    self._hotel_raise_value(field, value)
                if field.type in ("float", "monetary") and not (
                    math.isfinite(converted) and abs(converted) < AMOUNT_MAX
                ):
                    self._hotel_raise_value(field, value)

    def _hotel_raise_value(self, field, value):
        # the field's label is translated for the message only, not for each
        # value checked
        shown = str(value)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        raise ValidationError(
            self.env._(
                "%(value)s is not a valid value for %(field)s.",
                value=shown,
                field=field._description_string(self.env),
            )
        )
