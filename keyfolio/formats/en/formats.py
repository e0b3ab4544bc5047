# English dates for an international audience: "1 Nov 2026" and ISO "2026-11-01"
# rather than the ambiguous American "11/01/2026". Russian keeps Django's formats.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
