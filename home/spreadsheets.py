"""How every spreadsheet export of the CMS writes its cells.

All CSV and XLSX exports in the project go through Wagtail's SpreadsheetExportMixin: the
advocacy exports (modeladmin index views), the contact form's submissions, Wagtail's reports
and the redirects list. install() (called once from HomeConfig.ready) puts export_cell into
that mixin's per-cell step, so a new export cannot forget it:

- CSV: a text cell that a spreadsheet would read as a formula (it starts with =, +, -, @,
  a tab, a carriage return or a line feed, or their full-width forms) gets a leading single
  quote (OWASP "CSV injection"). Member-supplied text such as a knelpunt's title or a
  consultation answer is opened in Excel by VNG staff.
- XLSX: Wagtail already writes such text as a text cell, never as a formula; nothing added.
- CSV starts with a UTF-8 byte order mark and says charset=utf-8, so that Excel reads it as
  UTF-8.
- Dates as YYYY-MM-DD and date-times as YYYY-MM-DD HH:MM in local time (TIME_ZONE,
  Europe/Amsterdam), in both formats; Wagtail's own default is UTC (XLSX) or the raw value
  with microseconds and offset (CSV).
"""

import datetime

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

BOM = "\ufeff".encode()
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
# The same two, as Excel number formats (XLSX keeps dates as real date cells).
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def neutralise_formula(text: str) -> str:
    """The text as a spreadsheet shows it, but never evaluates it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """A naive date-time in local time, to the minute."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, second=0, microsecond=0)


def format_date(value) -> str:
    """A date or date-time as the exports write it."""
    if isinstance(value, datetime.datetime):
        return local_datetime(value).strftime(DATETIME_FORMAT)
    return value.strftime(DATE_FORMAT)


def export_cell(value, export_format):
    """A cell after Wagtail's own preprocessing, as it goes into the file."""
    if export_format == "csv":
        if isinstance(value, (datetime.date, datetime.datetime)):
            return format_date(value)
        if isinstance(value, str):
            return neutralise_formula(value)
        return value
    if isinstance(value, datetime.datetime):
        return local_datetime(value)
    return value


def install():
    """Route every spreadsheet cell of every Wagtail export through export_cell."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_oov_export_cell", False):
        return
    wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_XLSX and isinstance(value, datetime.datetime):
            # Before Wagtail's step, which would turn an aware value into naive UTC.
            value = local_datetime(value)
        return export_cell(wagtail_preprocess(self, field, value, export_format), export_format)

    wagtail_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in wagtail_xlsx_row(self, worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            yield cell

    wagtail_stream_csv = SpreadsheetExportMixin.stream_csv

    def stream_csv(self, queryset):
        # A UTF-8 byte order mark first: Excel (Dutch Windows) otherwise reads the file as
        # Windows-1252 and garbles "één" and names with accents.
        yield BOM
        yield from wagtail_stream_csv(self, queryset)

    wagtail_csv_response = SpreadsheetExportMixin.write_csv_response

    def write_csv_response(self, queryset):
        response = wagtail_csv_response(self, queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin.write_csv_response = write_csv_response
    SpreadsheetExportMixin._oov_export_cell = True
