# Arabic dates read one way everywhere: day, month, year, then the time on 24 hours, as the
# session pages write them. Django's Arabic locale lacks DATETIME_FORMAT and falls back to
# the English one ("نوفمبر 30, 2026, منتصف الليل").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
